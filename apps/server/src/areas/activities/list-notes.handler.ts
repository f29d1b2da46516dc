import { getApiCrmLeadsLeadIdNotesRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listNotes } from './list-notes.service'

export const listNotesOperation = defineOperation(getApiCrmLeadsLeadIdNotesRoute, async (c) => {
  const notes = await listNotes({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(notes), 200)
})
