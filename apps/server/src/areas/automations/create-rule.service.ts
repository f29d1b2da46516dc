import type { z } from '@hono/zod-openapi'
import type { AutomationRuleInputSchema } from '../../generated/routes'
import type { TenantContext } from '../../platform/platform'
import { insertRule, type RuleFields, toAutomationRule } from './automations.repository'
import { assertRuleFits } from './rule-fit'

export type CreateRuleInput = z.infer<typeof AutomationRuleInputSchema>

export async function createRule({ ctx, input }: { ctx: TenantContext; input: CreateRuleInput }) {
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
  return toAutomationRule(await insertRule(db, fields))
}
