import type { Kysely, Selectable, Transaction } from 'kysely'
import type { TenantTables } from '../database/tenant-tables'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type OutboxRow = Selectable<TenantTables['crm_events']>

/** A change other areas may react to, written in the same transaction as the change itself. */
export interface OutboxEvent {
  type: string
  leadId: string
  payload?: Record<string, unknown>
}

/**
 * Appends outbox rows in the caller's transaction. Their `depth` defaults to the transaction's
 * `ecodrix.automation_depth` (see `inOutboxTransaction`), so a chain of reactions knows its length.
 */
export async function appendOutboxEvents(db: Db, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return
  await db
    .insertInto('crm_events')
    .values(events.map((event) => ({ type: event.type, lead_id: event.leadId, payload: JSON.stringify(event.payload ?? {}) })))
    .execute()
}

/** The oldest unconsumed outbox events of `types`, locked; rows another consumer holds are skipped, not waited for. */
export function claimOutboxEvents(trx: Transaction<TenantTables>, types: string[], limit: number): Promise<OutboxRow[]> {
  return trx
    .selectFrom('crm_events')
    .selectAll()
    .where('consumed_at', 'is', null)
    .where('type', 'in', types)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/**
 * In one statement: consumes up to `limit` of the oldest unconsumed events whose type is not in
 * `listened` (rows another consumer holds are skipped), and tells whether events of `listened`
 * types are waiting for their own, transactional, consumption.
 */
export async function consumeUnlistenedOutboxEvents(db: Db, listened: string[], limit: number): Promise<{ consumed: number; listenedWaiting: boolean }> {
  const row = await db
    .with('consumed', (cte) =>
      cte
        .updateTable('crm_events')
        .set({ consumed_at: new Date() })
        .where('id', 'in', (eb) => {
          const unconsumed = eb.selectFrom('crm_events').select('id').where('consumed_at', 'is', null)
          return (listened.length > 0 ? unconsumed.where('type', 'not in', listened) : unconsumed).orderBy('id').limit(limit).forUpdate().skipLocked()
        })
        .returning('id'),
    )
    .selectNoFrom((eb) => [
      eb.selectFrom('consumed').select(eb.fn.countAll<number>().as('count')).as('consumed'),
      listened.length > 0
        ? eb.exists(eb.selectFrom('crm_events').select('id').where('consumed_at', 'is', null).where('type', 'in', listened)).as('listenedWaiting')
        : eb.lit(false).as('listenedWaiting'),
    ])
    .executeTakeFirstOrThrow()
  return { consumed: Number(row.consumed ?? 0), listenedWaiting: Boolean(row.listenedWaiting) }
}

export async function markOutboxEventsConsumed(trx: Transaction<TenantTables>, ids: string[]): Promise<void> {
  if (ids.length > 0) await trx.updateTable('crm_events').set({ consumed_at: new Date() }).where('id', 'in', ids).execute()
}

export async function hasUnconsumedOutboxEvents(db: Db): Promise<boolean> {
  const row = await db.selectFrom('crm_events').select('id').where('consumed_at', 'is', null).limit(1).executeTakeFirst()
  return row !== undefined
}
