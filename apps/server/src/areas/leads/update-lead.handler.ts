import { patchApiCrmLeadsLeadIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { updateLead } from './update-lead.service'

export const updateLeadOperation = defineOperation(patchApiCrmLeadsLeadIdRoute, async (c) => {
  const lead = await updateLead({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(lead), 200)
})
