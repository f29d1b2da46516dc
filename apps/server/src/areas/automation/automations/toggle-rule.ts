import { defineTenantOperation } from '../../../platform/http/operations'
import { ruleNotFound } from './rule-lookup'
import { setRuleActive, toAutomationRule } from './rules/rules.repository'

/** Sets `isActive` when given, otherwise flips it. */
export const toggleRuleOperation = defineTenantOperation('automations.toggle', async ({ ctx, input }) => {
  const row = await setRuleActive(ctx.tenant.db, input.ruleId, input.isActive)
  if (!row) throw ruleNotFound(input.ruleId)
  return toAutomationRule(row)
})
