import { patchApiCrmLeadsLeadIdMetadataRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { updateLeadMetadata } from './update-lead-metadata.service'

export const updateLeadMetadataOperation = defineOperation(patchApiCrmLeadsLeadIdMetadataRoute, async (c) => {
  const lead = await updateLeadMetadata({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(lead), 200)
})
