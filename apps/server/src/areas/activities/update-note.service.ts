import type { TenantContext } from '../../platform/platform'
import { foundNote } from './found-note'
import { toNoteView } from './note-view'
import { updateNoteContent } from './notes.repository'

export async function updateNote({ ctx, input }: { ctx: TenantContext; input: { noteId: string; content: string } }) {
  return toNoteView(foundNote(input.noteId, await updateNoteContent(ctx.tenant.db, input.noteId, input.content)))
}
