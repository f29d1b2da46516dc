import type { z } from '@hono/zod-openapi'
import type { AutomationRuleUpdateSchema } from '../../generated/routes'
import type { TenantContext } from '../../platform/platform'
import { lockRule, toAutomationRule, updateRule as updateRuleRow } from './automations.repository'
import { assertRuleFits } from './rule-fit'
import { ruleNotFound } from './rule-lookup'

export type UpdateRuleInput = { ruleId: string } & z.infer<typeof AutomationRuleUpdateSchema>

/** Changes the fields given: `actions` replaces the list, `condition: null` removes the condition. */
export async function updateRule({ ctx, input }: { ctx: TenantContext; input: UpdateRuleInput }) {
  const { ruleId, ...changes } = input
  return ctx.tenant.db.transaction().execute(async (trx) => {
    const row = await lockRule(trx, ruleId)
    if (!row) throw ruleNotFound(ruleId)
    const current = toAutomationRule(row)
    const merged = {
      trigger: changes.trigger ?? current.trigger,
      triggerConfig: changes.triggerConfig ?? current.triggerConfig,
      actions: changes.actions ?? current.actions,
    }
    await assertRuleFits(trx, merged, { triggerConfig: changes.triggerConfig !== undefined, actions: changes.actions !== undefined })
    return toAutomationRule(await updateRuleRow(trx, ruleId, changes))
  })
}
