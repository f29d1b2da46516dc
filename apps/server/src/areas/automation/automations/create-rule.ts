import { defineTenantOperation } from '../../../platform/http/operations'
import { assertRuleFits } from './rule-fit'
import { writeRules } from './rules/active-rules'
import { insertRule, type RuleFields, toAutomationRule } from './rules/rules.repository'

export const createRuleOperation = defineTenantOperation('automations.create', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const fields: RuleFields = {
    name: input.name,
    trigger: input.trigger,
    triggerConfig: input.triggerConfig ?? {},
    condition: input.condition ?? null,
    actions: input.actions,
    isActive: input.isActive ?? true,
  }
  await assertRuleFits(db, fields, { triggerConfig: true, actions: true })
  return toAutomationRule(await writeRules(ctx, (trx) => insertRule(trx, fields)))
})
