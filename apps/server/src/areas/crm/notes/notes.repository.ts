import { type Kysely, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { isUuid } from '../../../platform/database/uuid'
import type { NoteRow } from './note-view'

type Db = Kysely<TenantTables> | Transaction<TenantTables>

export function insertNote(db: Db, note: { leadId: string; content: string; createdBy: string | null }): Promise<NoteRow> {
  return db
    .insertInto('notes')
    .values({ lead_id: note.leadId, content: note.content, created_by: note.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Pinned first, then newest. */
export function listNotes(db: Db, leadId: string): Promise<NoteRow[]> {
  return db
    .selectFrom('notes')
    .selectAll()
    .where('lead_id', '=', leadId)
    .orderBy('is_pinned', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
}

export function findNotes(db: Db, ids: string[]): Promise<NoteRow[]> {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('notes').selectAll().where('id', 'in', ids).execute()
}

export async function updateNoteContent(db: Db, id: string, content: string): Promise<NoteRow | undefined> {
  if (!isUuid(id)) return undefined
  return db.updateTable('notes').set({ content, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst()
}

/** Flips the flag in the row itself, so concurrent toggles never read a stale value. */
export async function toggleNotePin(db: Db, id: string): Promise<NoteRow | undefined> {
  if (!isUuid(id)) return undefined
  return db
    .updateTable('notes')
    .set({ is_pinned: sql<boolean>`not is_pinned`, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function deleteNote(db: Db, id: string): Promise<{ id: string; lead_id: string } | undefined> {
  if (!isUuid(id)) return undefined
  return db.deleteFrom('notes').where('id', '=', id).returning(['id', 'lead_id']).executeTakeFirst()
}
