import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { insertActivity } from '../activities/activities.repository'

const titles = { note_added: 'Note added', note_edited: 'Note edited', note_deleted: 'Note deleted' } as const

/** The timeline entry for a change to a note, written in the change's transaction. */
export function recordNoteActivity(
  trx: Transaction<TenantTables>,
  type: keyof typeof titles,
  note: { id: string; lead_id: string },
  performedBy: string | null = null,
) {
  return insertActivity(trx, { leadId: note.lead_id, type, title: titles[type], performedBy, data: { noteId: note.id } })
}
