import type { TenantContext } from '../../platform/platform'
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
  return toNoteView(await insertNote(db, { leadId: input.leadId, content: input.content, createdBy: input.createdBy ?? null }))
}
