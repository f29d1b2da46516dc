import { patchApiCrmLeadsLeadIdArchiveRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { archiveLead } from './archive-lead.service'

export const archiveLeadOperation = defineOperation(patchApiCrmLeadsLeadIdArchiveRoute, async (c) => {
  const lead = await archiveLead({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(lead), 200)
})
