import { postApiCrmLeadsLeadIdCallsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { logCall } from './log-call.service'

export const logCallOperation = defineOperation(postApiCrmLeadsLeadIdCallsRoute, async (c) => {
  const activity = await logCall({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(activity), 201)
})
