import type { Selectable } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

export type NoteRow = Selectable<TenantTables['notes']>

export function toNoteView(row: NoteRow) {
  return {
    id: row.id,
    leadId: row.lead_id,
    content: row.content,
    createdBy: row.created_by,
    isPinned: row.is_pinned,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
