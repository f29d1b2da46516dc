import { defineTenantOperation } from '../../../platform/http/operations'
import { ruleNotFound } from './rule-lookup'
import { writeRules } from './rules/active-rules'
import { setRuleActive, toAutomationRule } from './rules/rules.repository'

/** Sets `isActive` when given, otherwise flips it. */
export const toggleRuleOperation = defineTenantOperation('automations.toggle', async ({ ctx, input }) => {
  const row = await writeRules(ctx, async (trx) => {
    const toggled = await setRuleActive(trx, input.ruleId, input.isActive)
    if (!toggled) throw ruleNotFound(input.ruleId)
    return toggled
  })
  return toAutomationRule(row)
})
