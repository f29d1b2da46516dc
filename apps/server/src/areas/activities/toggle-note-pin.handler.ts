import { patchApiCrmNotesNoteIdPinRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { toggleNotePin } from './toggle-note-pin.service'

export const toggleNotePinOperation = defineOperation(patchApiCrmNotesNoteIdPinRoute, async (c) => {
  const note = await toggleNotePin({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(note), 200)
})
