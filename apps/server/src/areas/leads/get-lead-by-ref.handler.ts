import { getApiCrmLeadsByRefRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getLeadByRef } from './get-lead-by-ref.service'

export const getLeadByRefOperation = defineOperation(getApiCrmLeadsByRefRoute, async (c) => {
  const lead = await getLeadByRef({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(lead), 200)
})
