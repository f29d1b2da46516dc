import type { TenantContext } from '../../platform/platform'
import { toNoteView } from './note-view'
import { listNotes as listNoteRows } from './notes.repository'
import { requireLead } from './require-lead'

export async function listNotes({ ctx, input }: { ctx: TenantContext; input: { leadId: string } }) {
  const { db } = ctx.tenant
  await requireLead(db, input.leadId)
  return (await listNoteRows(db, input.leadId)).map(toNoteView)
}
