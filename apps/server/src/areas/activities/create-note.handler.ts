import { postApiCrmLeadsLeadIdNotesRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { createNote } from './create-note.service'

export const createNoteOperation = defineOperation(postApiCrmLeadsLeadIdNotesRoute, async (c) => {
  const note = await createNote({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(note), 201)
})
