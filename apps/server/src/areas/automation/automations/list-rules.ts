import { defineTenantOperation } from '../../../platform/http/operations'
import { listRules, toAutomationRule } from './rules/rules.repository'

/** Every rule of the tenant, newest first. */
export const listRulesOperation = defineTenantOperation('automations.list', async ({ ctx }) =>
  (await listRules(ctx.tenant.db)).map(toAutomationRule),
)
