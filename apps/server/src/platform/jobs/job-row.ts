import { randomUUID } from 'node:crypto'
import { type RawBuilder, sql } from 'kysely'
import type { z } from 'zod'
import type { JobKind } from './define-job'

export const JOBS_TABLE = 'agenda_jobs'

/** A one-off job to insert in the statement that writes the data it works on (see `insertJobRow`). */
export interface NewJobRow {
  /** Chosen here, so the statement that enqueues the job can also store its id. */
  id: string
  name: string
  data: Record<string, unknown>
  runAt: Date
}

/** The job, its data checked against its schema, as a row for `insertJobRow`. */
export function jobRow<Data extends z.ZodType>(job: JobKind<Data>, data: z.input<Data>, runAt: Date): NewJobRow {
  return { id: randomUUID(), name: job.name, data: job.data.parse(data) as Record<string, unknown>, runAt }
}

/**
 * Inserts a one-off job into Agenda's table and sends the NOTIFY that wakes workers, as one SQL
 * expression: used as a CTE, it enqueues the job in the same statement (and commit) as the data the
 * job works on, instead of three more round trips after it (insert, NOTIFY, storing the job id).
 * It writes the row and notification payload that @agendajs/postgres-backend's `saveJob` and
 * `publish` write for `agenda.schedule(runAt, name, data)`; the jobs tests across two nodes hold it
 * to them. Workers ignore a notification due after their next scan, as Agenda's own.
 * Only for schemas on the platform database, where the jobs table is. Parenthesised, as a CTE's body.
 */
export function insertJobRow(job: NewJobRow): RawBuilder<unknown> {
  return sql`(
    insert into ${sql.id(JOBS_TABLE)} (id, name, priority, next_run_at, type, data, disabled, fork)
    values (${job.id}, ${job.name}, 0, ${job.runAt}, 'normal', ${JSON.stringify(job.data)}::jsonb, false, false)
    returning pg_notify(${JOBS_TABLE}, json_build_object(
      'jobId', id, 'jobName', name, 'nextRunAt', next_run_at, 'priority', priority, 'timestamp', now()
    )::text)
  )`
}
