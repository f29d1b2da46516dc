import { patchApiCrmLeadsLeadIdMoveRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { moveLead } from './move-lead.service'

export const moveLeadOperation = defineOperation(patchApiCrmLeadsLeadIdMoveRoute, async (c) => {
  const lead = await moveLead({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(lead), 200)
})
