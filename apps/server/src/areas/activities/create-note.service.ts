import type { TenantContext } from '../../platform/platform'
import { recordNoteActivity } from './note-activity'
import { toNoteView } from './note-view'
import { insertNote } from './notes.repository'
import { requireLead } from './require-lead'

export async function createNote({
  ctx,
  input,
}: {
  ctx: TenantContext
  input: { leadId: string; content: string; createdBy?: string | undefined }
}) {
  const { db } = ctx.tenant
  await requireLead(db, input.leadId)
  const note = await db.transaction().execute(async (trx) => {
    const inserted = await insertNote(trx, { leadId: input.leadId, content: input.content, createdBy: input.createdBy ?? null })
    await recordNoteActivity(trx, 'note_added', inserted, inserted.created_by)
    return inserted
  })
  return toNoteView(note)
}
