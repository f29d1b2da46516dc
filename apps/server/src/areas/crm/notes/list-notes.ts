import { defineTenantOperation } from '../../../platform/http/operations'
import { requireLead } from '../lead-records/require-lead'
import { toNoteView } from './note-view'
import { listNotes } from './notes.repository'

export const listNotesOperation = defineTenantOperation('notes.list', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  await requireLead(db, input.leadId)
  return (await listNotes(db, input.leadId)).map(toNoteView)
})
