import { patchApiCrmNotesNoteIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { updateNote } from './update-note.service'

export const updateNoteOperation = defineOperation(patchApiCrmNotesNoteIdRoute, async (c) => {
  const note = await updateNote({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(note), 200)
})
