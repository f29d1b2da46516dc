import { defineTenantOperation } from '../../../platform/http/operations'
import { forgetRuleOfRuns } from '../runs/action-runs.repository'
import { ruleNotFound } from './rule-lookup'
import { writeRules } from './rules/active-rules'
import { deleteRule } from './rules/rules.repository'

/** Past action runs keep the rule's name (their `rule_id` becomes null). */
export const deleteRuleOperation = defineTenantOperation('automations.delete', async ({ ctx, input }) => {
  await writeRules(ctx, async (trx) => {
    if (!(await deleteRule(trx, input.ruleId))) throw ruleNotFound(input.ruleId)
    await forgetRuleOfRuns(trx, input.ruleId)
  })
  return { id: input.ruleId, deleted: true as const }
})
