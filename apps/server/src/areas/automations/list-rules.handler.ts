import { getApiCrmAutomationsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listRules } from './list-rules.service'

export const listRulesOperation = defineOperation(getApiCrmAutomationsRoute, async (c) => {
  const result = await listRules({ ctx: { platform: c.var.platform, tenant: c.var.tenant } })
  return c.json(ok(result), 200)
})
