import type { Insertable, Kysely, Selectable, Transaction } from 'kysely'
import type { EventStatus, TenantTables } from '../../platform/database/tenant-tables'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type EventLogRow = Selectable<TenantTables['event_logs']>
export type NewEventLog = Insertable<TenantTables['event_logs']>

export function insertEventLog(db: Db, values: NewEventLog): Promise<EventLogRow> {
  return db.insertInto('event_logs').values(values).returningAll().executeTakeFirstOrThrow()
}

export function findEventLog(db: Db, id: string): Promise<EventLogRow | undefined> {
  return db.selectFrom('event_logs').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function setEventJob(db: Db, id: string, jobId: string): Promise<void> {
  await db.updateTable('event_logs').set({ job_id: jobId }).where('id', '=', id).execute()
}

/** Takes a delayed event out of `scheduled` for matching; undefined when another delivery already did. */
export function claimScheduledEvent(db: Db, id: string): Promise<EventLogRow | undefined> {
  return db.updateTable('event_logs').set({ status: 'processing' }).where('id', '=', id).where('status', '=', 'scheduled').returningAll().executeTakeFirst()
}

export async function setRulesMatched(db: Db, id: string, rulesMatched: number): Promise<void> {
  await db.updateTable('event_logs').set({ rules_matched: rulesMatched }).where('id', '=', id).execute()
}

/**
 * Finishes a processing event whose runs are all done; undefined when a run is still open or
 * another caller finished it first (so exactly one caller sees the row).
 */
export function finishEventLog(db: Db, id: string, status: Extract<EventStatus, 'completed' | 'partial' | 'failed'>) {
  return db
    .updateTable('event_logs')
    .set({ status, completed_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('action_runs')
            .select('action_runs.id')
            .whereRef('action_runs.event_log_id', '=', 'event_logs.id')
            .where('action_runs.status', 'in', ['pending', 'scheduled', 'running']),
        ),
      ),
    )
    .returningAll()
    .executeTakeFirst()
}

/** Events that should have a job but never got one (the node stopped between commit and enqueue). */
export function findEventsWithoutJob(db: Db, olderThan: Date, limit: number) {
  return db
    .selectFrom('event_logs')
    .selectAll()
    .where('status', 'in', ['scheduled', 'processing'])
    .where('job_id', 'is', null)
    .where('created_at', '<', olderThan)
    .orderBy('created_at')
    .limit(limit)
    .execute()
}
