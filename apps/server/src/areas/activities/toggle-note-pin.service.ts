import type { TenantContext } from '../../platform/platform'
import { foundNote } from './found-note'
import { toNoteView } from './note-view'
import { toggleNotePin as toggleNotePinRow } from './notes.repository'

export async function toggleNotePin({ ctx, input }: { ctx: TenantContext; input: { noteId: string } }) {
  return toNoteView(foundNote(input.noteId, await toggleNotePinRow(ctx.tenant.db, input.noteId)))
}
