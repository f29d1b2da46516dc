import { defineTenantOperation } from '../../../platform/http/operations'
import { assertRuleFits } from './rule-fit'
import { ruleNotFound } from './rule-lookup'
import { writeRules } from './rules/active-rules'
import { lockRule, toAutomationRule, updateRule } from './rules/rules.repository'

/** Changes the fields given: `actions` replaces the list, `condition: null` removes the condition. */
export const updateRuleOperation = defineTenantOperation('automations.update', async ({ ctx, input }) => {
  const { ruleId, ...changes } = input
  return writeRules(ctx, async (trx) => {
    const row = await lockRule(trx, ruleId)
    if (!row) throw ruleNotFound(ruleId)
    const current = toAutomationRule(row)
    const merged = {
      trigger: changes.trigger ?? current.trigger,
      triggerConfig: changes.triggerConfig ?? current.triggerConfig,
      actions: changes.actions ?? current.actions,
    }
    await assertRuleFits(trx, merged, { triggerConfig: changes.triggerConfig !== undefined, actions: changes.actions !== undefined })
    return toAutomationRule(await updateRule(trx, ruleId, changes))
  })
})
