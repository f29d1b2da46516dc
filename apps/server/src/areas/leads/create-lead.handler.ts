import { postApiCrmLeadsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { createLead } from './create-lead.service'

export const createLeadOperation = defineOperation(postApiCrmLeadsRoute, async (c) => {
  const lead = await createLead({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('json') })
  return c.json(ok(lead), 201)
})
