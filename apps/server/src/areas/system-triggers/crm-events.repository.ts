import type { Kysely, Selectable, Transaction } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type CrmEventRow = Selectable<TenantTables['crm_events']>

/** The oldest unconsumed outbox events, locked; rows another consumer holds are skipped, not waited for. */
export function claimCrmEvents(trx: Transaction<TenantTables>, limit: number): Promise<CrmEventRow[]> {
  return trx.selectFrom('crm_events').selectAll().where('consumed_at', 'is', null).orderBy('id').limit(limit).forUpdate().skipLocked().execute()
}

export async function markCrmEventsConsumed(trx: Transaction<TenantTables>, ids: string[]): Promise<void> {
  if (ids.length > 0) await trx.updateTable('crm_events').set({ consumed_at: new Date() }).where('id', 'in', ids).execute()
}

export async function hasUnconsumedCrmEvents(db: Db): Promise<boolean> {
  const row = await db.selectFrom('crm_events').select('id').where('consumed_at', 'is', null).limit(1).executeTakeFirst()
  return row !== undefined
}
