import { type Kysely, sql, type Updateable } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

type Db = Kysely<TenantTables>

/** The new delivery, or undefined when the event already has one (event_log_id is unique). */
export function insertDelivery(db: Db, delivery: { id: string; eventLogId: string; url: string; body: string }) {
  return db
    .insertInto('callback_deliveries')
    .values({ id: delivery.id, event_log_id: delivery.eventLogId, url: delivery.url, body: delivery.body })
    .onConflict((oc) => oc.column('event_log_id').doNothing())
    .returning('id')
    .executeTakeFirst()
}

/** The event's callback delivery with its attempts (oldest first), or undefined without one. */
export async function findDeliveryOfEvent(db: Db, eventLogId: string) {
  const delivery = await db.selectFrom('callback_deliveries').selectAll().where('event_log_id', '=', eventLogId).executeTakeFirst()
  if (!delivery) return undefined
  const attempts = await db
    .selectFrom('callback_attempts')
    .selectAll()
    .where('delivery_id', '=', delivery.id)
    .orderBy('attempt')
    .orderBy('id')
    .execute()
  return { delivery, attempts }
}

export async function deliveryExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('callback_deliveries').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

/**
 * Puts a settled (delivered or failed) delivery back to pending; undefined when there is none with
 * that id or it is still pending, so two resends at once queue one attempt.
 */
export function reopenDelivery(db: Db, id: string) {
  return db
    .updateTable('callback_deliveries')
    .set({ status: 'pending', finished_at: null })
    .where('id', '=', id)
    .where('status', '!=', 'pending')
    .returning(['id', 'event_log_id', 'attempts'])
    .executeTakeFirst()
}

/** Notes the job of a resent delivery's next attempt. */
export function setNextAttemptJob(db: Db, id: string, job: { jobId: string; at: Date }) {
  return db.updateTable('callback_deliveries').set({ job_id: job.jobId, next_attempt_at: job.at }).where('id', '=', id).execute()
}

/** Notes the first attempt's job, unless that attempt has already been claimed. */
export function setFirstAttemptJob(db: Db, id: string, job: { jobId: string; at: Date }) {
  return db
    .updateTable('callback_deliveries')
    .set({ job_id: job.jobId, next_attempt_at: job.at })
    .where('id', '=', id)
    .where('attempts', '=', 0)
    .execute()
}

/**
 * Claims attempt `attempt` of a pending delivery: only the job whose attempt follows the last one
 * claimed gets it, so a job delivered twice does not post twice. A claim holds a lease
 * (`next_attempt_at`) while the attempt runs; an attempt whose lease ran out without a recorded
 * result (its worker died) may be claimed again by the same job re-run.
 */
export function claimAttempt(db: Db, id: string, attempt: number, leaseUntil: Date) {
  return db
    .updateTable('callback_deliveries')
    .set({ attempts: attempt, next_attempt_at: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) =>
      eb.or([
        eb('attempts', '=', attempt - 1),
        eb.and([
          eb('attempts', '=', attempt),
          eb('next_attempt_at', '<', new Date()),
          eb.not(
            eb.exists(
              eb
                .selectFrom('callback_attempts')
                .select(sql`1`.as('one'))
                .whereRef('callback_attempts.delivery_id', '=', 'callback_deliveries.id')
                .where('callback_attempts.attempt', '=', attempt),
            ),
          ),
        ]),
      ]),
    )
    .returning(['id', 'event_log_id', 'url', 'body'])
    .executeTakeFirst()
}

export interface AttemptRecord {
  deliveryId: string
  attempt: number
  delivered: boolean
  statusCode: number | null
  durationMs: number
  error: string | null
}

/** Stores the attempt and what it means for the delivery, together. */
export function recordAttempt(db: Db, record: AttemptRecord, delivery: Updateable<TenantTables['callback_deliveries']>) {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('callback_attempts')
      .values({
        delivery_id: record.deliveryId,
        attempt: record.attempt,
        status: record.delivered ? 'delivered' : 'failed',
        status_code: record.statusCode,
        duration_ms: record.durationMs,
        error: record.error,
      })
      .execute()
    await trx.updateTable('callback_deliveries').set(delivery).where('id', '=', record.deliveryId).execute()
  })
}

export interface AttemptFilters {
  /** An attempt's outcome, or `pending` for attempts of deliveries still being retried. */
  status?: 'delivered' | 'failed' | 'pending' | undefined
  from?: Date | undefined
  before?: Date | undefined
}

function filteredAttempts(db: Db, filters: AttemptFilters) {
  let query = db
    .selectFrom('callback_attempts as a')
    .innerJoin('callback_deliveries as d', 'd.id', 'a.delivery_id')
    .innerJoin('event_logs as e', 'e.id', 'd.event_log_id')
  if (filters.status === 'pending') query = query.where('d.status', '=', 'pending')
  else if (filters.status) query = query.where('a.status', '=', filters.status)
  if (filters.from) query = query.where('a.created_at', '>=', filters.from)
  if (filters.before) query = query.where('a.created_at', '<', filters.before)
  return query
}

export async function listAttemptsPage(db: Db, filters: AttemptFilters, page: { offset: number; limit: number }) {
  const [rows, count] = await Promise.all([
    filteredAttempts(db, filters)
      .select([
        'a.id',
        'a.delivery_id',
        'd.event_log_id',
        'e.trigger',
        'd.url',
        'a.attempt',
        'a.status',
        'a.status_code',
        'a.duration_ms',
        'a.error',
        'a.created_at',
        'd.status as delivery_status',
        'd.next_attempt_at',
      ])
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    filteredAttempts(db, filters)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.total) }
}

export type AttemptRow = Awaited<ReturnType<typeof listAttemptsPage>>['rows'][number]
