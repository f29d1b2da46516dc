import { deleteApiCrmNotesNoteIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { deleteNote } from './delete-note.service'

export const deleteNoteOperation = defineOperation(deleteApiCrmNotesNoteIdRoute, async (c) => {
  const deleted = await deleteNote({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(deleted), 200)
})
