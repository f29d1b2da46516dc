import { defineTenantOperation } from '../../../platform/http/operations'
import { foundNote } from './found-note'
import { recordNoteActivity } from './note-activity'
import { toNoteView } from './note-view'
import { updateNoteContent } from './notes.repository'

export const updateNoteOperation = defineTenantOperation('notes.update', async ({ ctx, input }) => {
  const note = await ctx.tenant.db.transaction().execute(async (trx) => {
    const updated = foundNote(input.noteId, await updateNoteContent(trx, input.noteId, input.content))
    await recordNoteActivity(trx, 'note_edited', updated)
    return updated
  })
  return toNoteView(note)
})
