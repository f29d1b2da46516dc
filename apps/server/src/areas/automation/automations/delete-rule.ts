import { defineTenantOperation } from '../../../platform/http/operations'
import { ruleNotFound } from './rule-lookup'
import { deleteRule } from './rules/rules.repository'

/** Past action runs keep the rule's name (their `rule_id` becomes null). */
export const deleteRuleOperation = defineTenantOperation('automations.delete', async ({ ctx, input }) => {
  if (!(await deleteRule(ctx.tenant.db, input.ruleId))) throw ruleNotFound(input.ruleId)
  return { id: input.ruleId, deleted: true as const }
})
