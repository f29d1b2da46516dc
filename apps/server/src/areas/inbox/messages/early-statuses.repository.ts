import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

// The owner of `early_message_statuses`: Meta's statuses for wamids not stored yet (ADR 0020).

type Db = Kysely<TenantTables> | Transaction<TenantTables>
type EarlyStatusRow = Selectable<TenantTables['early_message_statuses']>

/** A status of Meta's as the forward-only rule applies it. */
export interface EarlyStatus {
  wamid: string
  status: EarlyStatusRow['status']
  at: Date
  error?: { code: number | null; title: string | null } | undefined
}

/**
 * Orders, per wamid, the transaction that keeps a status with the one that stores the wamid, so
 * a status is either seen by the send's outcome or sees the wamid. Locks are taken in key order
 * and a status takes one, so no two transactions wait on each other's.
 */
export async function lockWamids(trx: Transaction<TenantTables>, wamids: string[]): Promise<void> {
  await sql`select pg_advisory_xact_lock(key) from (
      select distinct hashtext('ecodrix.wamid.' || wamid) as key from unnest(${wamids}::text[]) as wamid order by key
    ) as keys`.execute(trx)
}

/** Keeps the status until its wamid is stored; a redelivered one is kept once. */
export async function keepEarlyStatus(db: Db, status: EarlyStatus): Promise<void> {
  await db
    .insertInto('early_message_statuses')
    .values({ wamid: status.wamid, status: status.status, at: status.at, error_code: status.error?.code ?? null, error_title: status.error?.title ?? null })
    .onConflict((oc) => oc.columns(['wamid', 'status']).doNothing())
    .execute()
}

/** Deletes and answers the statuses kept for these wamids, in the order they arrived. */
export async function takeEarlyStatuses(db: Db, wamids: string[]): Promise<EarlyStatus[]> {
  if (wamids.length === 0) return []
  const rows = await db
    .with('taken', (qb) => qb.deleteFrom('early_message_statuses').where('wamid', 'in', wamids).returningAll())
    .selectFrom('taken')
    .selectAll()
    .orderBy('received_at')
    .execute()
  return rows.map((row) => ({
    wamid: row.wamid,
    status: row.status,
    at: row.at,
    error: row.status === 'failed' ? { code: row.error_code, title: row.error_title } : undefined,
  }))
}

/** Deletes the statuses kept since before `before`, whose wamid never showed up; answers how many. */
export async function deleteEarlyStatusesBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('early_message_statuses').where('received_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}
