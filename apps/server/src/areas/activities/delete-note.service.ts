import type { TenantContext } from '../../platform/platform'
import { foundNote } from './found-note'
import { deleteNote as deleteNoteRow } from './notes.repository'

export async function deleteNote({ ctx, input }: { ctx: TenantContext; input: { noteId: string } }) {
  const { id } = foundNote(input.noteId, await deleteNoteRow(ctx.tenant.db, input.noteId))
  return { id, deleted: true as const }
}
