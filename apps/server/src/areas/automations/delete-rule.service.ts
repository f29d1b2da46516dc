import type { TenantContext } from '../../platform/platform'
import { deleteRule as deleteRuleRow } from './automations.repository'
import { ruleNotFound } from './rule-lookup'

/** Past action runs keep the rule's name (their `rule_id` becomes null). */
export async function deleteRule({ ctx, input }: { ctx: TenantContext; input: { ruleId: string } }) {
  if (!(await deleteRuleRow(ctx.tenant.db, input.ruleId))) throw ruleNotFound(input.ruleId)
  return { id: input.ruleId, deleted: true as const }
}
