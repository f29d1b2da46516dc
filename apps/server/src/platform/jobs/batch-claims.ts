import { type Kysely, sql } from 'kysely'
import { JOBS_TABLE } from './job-row'

export interface ClaimedJob {
  id: string
  name: string
  data: Record<string, unknown> | null
}

/** Due jobs of one name: waiting ones, and those whose holder's lease ran out (a worker that died mid-job). */
const dueJobs = (name: string, leaseMs: number) => sql`
  select id from ${sql.table(JOBS_TABLE)}
  where name = ${name} and disabled = false and next_run_at <= now()
    and (locked_at is null or locked_at < now() - make_interval(secs => ${leaseMs / 1000}))`

/**
 * Takes up to `limit` due jobs of one name in one statement. `skip locked` lets concurrent
 * claimers pass each other's rows instead of queueing on them; the conditions reach only active
 * rows, through the partial index of active jobs, so the cost does not grow with the finished jobs
 * kept. With `groupBy` (a key of the jobs' data), it takes only jobs sharing the oldest due job's
 * value, so a batch's work can share its statements (one tenant's events).
 */
export async function claimDueJobs(
  db: Kysely<any>,
  name: string,
  limit: number,
  leaseMs: number,
  holder: string,
  groupBy?: string,
): Promise<ClaimedJob[]> {
  const due = dueJobs(name, leaseMs)
  const group =
    groupBy === undefined
      ? sql``
      : sql`and data->>${groupBy} = (
          select data->>${groupBy} from ${sql.table(JOBS_TABLE)} where id = (${due} order by next_run_at limit 1 for update skip locked))`
  const { rows } = await sql<ClaimedJob>`
    update ${sql.table(JOBS_TABLE)} set locked_at = now(), last_run_at = now(), last_modified_by = ${holder}
    where id in (${due} ${group} order by next_run_at limit ${limit} for update skip locked)
    returning id::text, name, data`.execute(db)
  return rows
}

/** Hands claimed jobs back, unrun, to be claimed again at once (a worker stopping). */
export async function releaseJobs(db: Kysely<any>, ids: string[]): Promise<void> {
  if (ids.length > 0) await sql`update ${sql.table(JOBS_TABLE)} set locked_at = null where id = any(${ids}::uuid[])`.execute(db)
}

/** Keeps the lease of jobs still running on this worker. */
export async function renewLeases(db: Kysely<any>, ids: string[]): Promise<void> {
  if (ids.length > 0) await sql`update ${sql.table(JOBS_TABLE)} set locked_at = now() where id = any(${ids}::uuid[]) and locked_at is not null`.execute(db)
}

/** Records the success of one-off jobs, all in one statement (kept for their status, or deleted). */
export async function completeJobs(db: Kysely<any>, ids: string[], remove: boolean): Promise<void> {
  if (ids.length === 0) return
  if (remove) {
    await sql`delete from ${sql.table(JOBS_TABLE)} where id = any(${ids}::uuid[])`.execute(db)
    return
  }
  await sql`update ${sql.table(JOBS_TABLE)} set ${completedColumns} where id = any(${ids}::uuid[])`.execute(db)
}

/** The columns a successful run sets, as Agenda sets them for a one-off job. */
const completedColumns = sql`locked_at = null, next_run_at = null, last_finished_at = now()`

/**
 * Records jobs' success as a CTE of the statement that stores their own outcome, so a job's
 * completion commits with its work (one statement instead of two). Parenthesised, as a CTE's body.
 */
export const completeJobRows = (ids: string[]) => sql`(update ${sql.id(JOBS_TABLE)} set ${completedColumns} where id = any(${ids}::uuid[]))`

export async function failJob(db: Kysely<any>, id: string, reason: string): Promise<void> {
  await sql`
    update ${sql.table(JOBS_TABLE)}
    set locked_at = null, next_run_at = null, last_finished_at = now(), failed_at = now(),
        fail_count = coalesce(fail_count, 0) + 1, fail_reason = ${reason}
    where id = ${id}::uuid`.execute(db)
}
