import type { TenantContext } from '../../platform/platform'
import { listRules as listRuleRows, toAutomationRule } from './automations.repository'

/** Every rule of the tenant, newest first. */
export async function listRules({ ctx }: { ctx: TenantContext; input?: undefined }) {
  return (await listRuleRows(ctx.tenant.db)).map(toAutomationRule)
}
