import type { TenantContext } from '../../platform/platform'
import { foundNote } from './found-note'
import { recordNoteActivity } from './note-activity'
import { deleteNote as deleteNoteRow } from './notes.repository'

export async function deleteNote({ ctx, input }: { ctx: TenantContext; input: { noteId: string } }) {
  return ctx.tenant.db.transaction().execute(async (trx) => {
    const deleted = foundNote(input.noteId, await deleteNoteRow(trx, input.noteId))
    await recordNoteActivity(trx, 'note_deleted', deleted)
    return { id: deleted.id, deleted: true as const }
  })
}
