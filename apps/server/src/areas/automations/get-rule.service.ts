import type { TenantContext } from '../../platform/platform'
import { toAutomationRule } from './automations.repository'
import { requireRule } from './rule-lookup'

export async function getRule({ ctx, input }: { ctx: TenantContext; input: { ruleId: string } }) {
  return toAutomationRule(await requireRule(ctx.tenant.db, input.ruleId))
}
