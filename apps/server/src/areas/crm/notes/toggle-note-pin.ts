import { defineTenantOperation } from '../../../platform/http/operations'
import { foundNote } from './found-note'
import { toNoteView } from './note-view'
import { toggleNotePin } from './notes.repository'

export const toggleNotePinOperation = defineTenantOperation('notes.togglePin', async ({ ctx, input }) =>
  toNoteView(foundNote(input.noteId, await toggleNotePin(ctx.tenant.db, input.noteId))),
)
