import type { TenantContext } from '../../platform/platform'
import { foundNote } from './found-note'
import { recordNoteActivity } from './note-activity'
import { toNoteView } from './note-view'
import { updateNoteContent } from './notes.repository'

export async function updateNote({ ctx, input }: { ctx: TenantContext; input: { noteId: string; content: string } }) {
  const note = await ctx.tenant.db.transaction().execute(async (trx) => {
    const updated = foundNote(input.noteId, await updateNoteContent(trx, input.noteId, input.content))
    await recordNoteActivity(trx, 'note_edited', updated)
    return updated
  })
  return toNoteView(note)
}
