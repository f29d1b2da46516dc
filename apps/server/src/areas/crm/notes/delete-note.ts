import { defineTenantOperation } from '../../../platform/http/operations'
import { foundNote } from './found-note'
import { recordNoteActivity } from './note-activity'
import { deleteNote } from './notes.repository'

export const deleteNoteOperation = defineTenantOperation('notes.delete', ({ ctx, input }) =>
  ctx.tenant.db.transaction().execute(async (trx) => {
    const deleted = foundNote(input.noteId, await deleteNote(trx, input.noteId))
    await recordNoteActivity(trx, 'note_deleted', deleted)
    return { id: deleted.id, deleted: true as const }
  }),
)
