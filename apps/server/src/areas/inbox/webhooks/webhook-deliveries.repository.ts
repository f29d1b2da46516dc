import { type Kysely, type Selectable, sql, type Transaction, type UpdateQueryBuilder, type UpdateResult } from 'kysely'
import type { ControlTables } from '../../../platform/database/control-tables'
import { insertJobRow, type NewJobRow } from '../../../platform/jobs/job-row'

// The owner of `whatsapp_webhook_deliveries`: Meta's deliveries as received, and how applying them went.

type Db = Kysely<ControlTables> | Transaction<ControlTables>
export type WebhookDeliveryRow = Selectable<ControlTables['whatsapp_webhook_deliveries']>

/** Stores the delivery's bytes and queues the job that applies it, in one statement: one is never kept without the other. */
export async function storeDelivery(db: Db, delivery: { id: string; body: Buffer }, job: NewJobRow): Promise<void> {
  await db
    .with('job', () => insertJobRow(job) as never)
    .insertInto('whatsapp_webhook_deliveries')
    .values(delivery)
    .execute()
}

/** Stores a signed delivery that is not a webhook Meta's shape allows: failed from the start, kept to be looked at. */
export async function storeFailedDelivery(db: Db, delivery: { id: string; body: Buffer; error: string }): Promise<void> {
  await db
    .insertInto('whatsapp_webhook_deliveries')
    .values({ ...delivery, status: 'failed', processed_at: sql`now()` })
    .execute()
}

/** Takes attempt `attempt` of a pending delivery: only the job for the attempt after the last one gets it. */
export function claimDeliveryAttempt(db: Db, id: string, attempt: number): Promise<WebhookDeliveryRow | undefined> {
  return db
    .updateTable('whatsapp_webhook_deliveries')
    .set({ attempts: attempt })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', attempt - 1)
    .returningAll()
    .executeTakeFirst()
}

type DeliveryUpdate = UpdateQueryBuilder<ControlTables, 'whatsapp_webhook_deliveries', 'whatsapp_webhook_deliveries', UpdateResult>

const finish = (db: Db, id: string, status: 'processed' | 'failed', error: string | null): DeliveryUpdate =>
  db.updateTable('whatsapp_webhook_deliveries').set({ status, error, processed_at: sql`now()` }).where('id', '=', id).where('status', '=', 'pending')

export async function markDeliveryProcessed(db: Db, id: string): Promise<void> {
  await finish(db, id, 'processed', null).execute()
}

export async function markDeliveryFailed(db: Db, id: string, error: string): Promise<void> {
  await finish(db, id, 'failed', error).execute()
}

/** Records a failed attempt's error and queues the next attempt, in one statement. */
export async function recordDeliveryRetry(db: Db, id: string, error: string, job: NewJobRow): Promise<void> {
  await db
    .with('job', () => insertJobRow(job) as never)
    .updateTable('whatsapp_webhook_deliveries')
    .set({ error })
    .where('id', '=', id)
    .execute()
}

/** Pending deliveries received before `before`: by then they should have been applied or failed (their job was lost). */
export function listOverdueDeliveries(db: Db, before: Date, limit: number): Promise<Pick<WebhookDeliveryRow, 'id' | 'attempts'>[]> {
  return db
    .selectFrom('whatsapp_webhook_deliveries')
    .select(['id', 'attempts'])
    .where('status', '=', 'pending')
    .where('received_at', '<', before)
    .orderBy('received_at')
    .limit(limit)
    .execute()
}
