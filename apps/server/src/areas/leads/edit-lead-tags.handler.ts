import { patchApiCrmLeadsLeadIdTagsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { editLeadTags } from './edit-lead-tags.service'

export const editLeadTagsOperation = defineOperation(patchApiCrmLeadsLeadIdTagsRoute, async (c) => {
  const lead = await editLeadTags({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(lead), 200)
})
