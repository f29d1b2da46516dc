import { getApiCrmLeadsLeadIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getLead } from './get-lead.service'

export const getLeadOperation = defineOperation(getApiCrmLeadsLeadIdRoute, async (c) => {
  const lead = await getLead({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(lead), 200)
})
