import { defineTenantOperation } from '../../../platform/http/operations'
import { requireLead } from '../lead-records/require-lead'
import { recordNoteActivity } from './note-activity'
import { toNoteView } from './note-view'
import { insertNote } from './notes.repository'

export const createNoteOperation = defineTenantOperation('notes.create', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  await requireLead(db, input.leadId)
  const note = await db.transaction().execute(async (trx) => {
    const inserted = await insertNote(trx, { leadId: input.leadId, content: input.content, createdBy: input.createdBy ?? null })
    await recordNoteActivity(trx, 'note_added', inserted, inserted.created_by)
    return inserted
  })
  return toNoteView(note)
})
