import { patchApiCrmLeadsLeadIdConvertRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { convertLead } from './convert-lead.service'

export const convertLeadOperation = defineOperation(patchApiCrmLeadsLeadIdConvertRoute, async (c) => {
  const lead = await convertLead({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(lead), 200)
})
