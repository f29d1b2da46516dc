import type { TenantContext } from '../../platform/platform'
import { setRuleActive, toAutomationRule } from './automations.repository'
import { ruleNotFound } from './rule-lookup'

/** Sets `isActive` when given, otherwise flips it. */
export async function toggleRule({ ctx, input }: { ctx: TenantContext; input: { ruleId: string; isActive?: boolean } }) {
  const row = await setRuleActive(ctx.tenant.db, input.ruleId, input.isActive)
  if (!row) throw ruleNotFound(input.ruleId)
  return toAutomationRule(row)
}
