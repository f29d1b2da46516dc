import { defineTenantOperation } from '../../../platform/http/operations'
import { requireRule } from './rule-lookup'
import { toAutomationRule } from './rules/rules.repository'

export const getRuleOperation = defineTenantOperation('automations.get', async ({ ctx, input }) =>
  toAutomationRule(await requireRule(ctx.tenant.db, input.ruleId)),
)
