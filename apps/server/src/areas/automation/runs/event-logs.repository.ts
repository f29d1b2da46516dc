import { type Insertable, type Kysely, type QueryCreator, type Selectable, type SelectQueryBuilder, sql, type Transaction } from 'kysely'
import type { ActionRunStatus, EventStatus, TenantTables } from '../../../platform/database/tenant-tables'
import { idEquals } from '../../../platform/database/uuid'
import { insertJobRow, type NewJobRow } from '../../../platform/jobs/job-row'
import { type Allowance, allowanceInStatement } from '../../../platform/request-guards/rate-limit-windows'
import type { NewActionRun } from './action-runs.repository'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type EventLogRow = Selectable<TenantTables['event_logs']>
export type NewEventLog = Insertable<TenantTables['event_logs']>

/** Statuses of an event whose job is still to run it (delayed, or with runs to do). */
const AWAITING_RUN: EventStatus[] = ['scheduled', 'processing']
export const awaitsRun = (status: EventStatus) => AWAITING_RUN.includes(status)
/** Statuses of a run not done yet: its event cannot finish. */
export const OPEN_RUN: ActionRunStatus[] = ['pending', 'scheduled', 'running']

/** An event log as written, with the allowance its statement took when it took one. */
export type WrittenEventLog = EventLogRow & { allowance_count?: number; allowance_reset?: number }

/**
 * The event log, its action runs and, when given, the job that runs it and the request's rate-limit
 * allowance, in one statement: all are written (and counted), or none, without a transaction.
 */
export function insertEventLog(db: Db, values: NewEventLog, runs: NewActionRun[], job?: NewJobRow, allowance?: Allowance): Promise<WrittenEventLog> {
  // Each CTE only adds a write; the statement's answer is the event row.
  let statement: QueryCreator<TenantTables> = db
  if (runs.length > 0) statement = statement.with('runs', (cte) => cte.insertInto('action_runs').values(runs)) as QueryCreator<TenantTables>
  // Kysely types a CTE as one of its query builders; raw SQL (the jobs and rate-limit tables are outside the tenant's schema) compiles the same.
  if (job) statement = statement.with('job', () => insertJobRow(job) as never) as QueryCreator<TenantTables>
  const taken = allowance && allowanceInStatement(allowance, 'allowance')
  if (taken) statement = statement.with('allowance', () => taken.cte as never) as QueryCreator<TenantTables>
  const insert = statement
    .insertInto('event_logs')
    .values(job ? { ...values, job_id: job.id } : values)
    .returningAll()
  return taken
    ? insert.returning([taken.count.as('allowance_count'), taken.reset.as('allowance_reset')]).executeTakeFirstOrThrow()
    : insert.executeTakeFirstOrThrow()
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

/** Events created before `before` still awaiting their run, oldest first (through the partial index of such events). */
const awaitingRunSince = (db: Db, before: Date, limit: number) =>
  db.selectFrom('event_logs').selectAll().where('status', 'in', AWAITING_RUN).where('created_at', '<', before).orderBy('created_at').limit(limit)

/** Events that should have a job but never got one (the node stopped between commit and enqueue). */
export function findEventsWithoutJob(db: Db, olderThan: Date, limit: number) {
  return awaitingRunSince(db, olderThan, limit).where('job_id', 'is', null).execute()
}

/**
 * Events with a job that a job should have moved on by `before`: delayed ones past their time, and
 * processing ones with a run never started, or with no run left open (their finish was lost).
 * Whether their job still waits (a backlog) is the caller's to ask.
 */
export function findStalledEvents(db: Db, before: Date, limit: number) {
  return awaitingRunSince(db, before, limit)
    .where('job_id', 'is not', null)
    .where(({ and, eb, exists, not, or, selectFrom }) => {
      const runsIn = (statuses: ActionRunStatus[]) =>
        exists(
          selectFrom('action_runs')
            .select('action_runs.id')
            .whereRef('action_runs.event_log_id', '=', 'event_logs.id')
            .where('action_runs.status', 'in', statuses),
        )
      return or([
        and([eb('status', '=', 'scheduled'), eb('run_at', '<', before)]),
        and([eb('status', '=', 'processing'), or([runsIn(['pending']), not(runsIn(OPEN_RUN))])]),
      ])
    })
    .execute()
}

export interface EventLogFilters {
  trigger?: string | undefined
  status?: EventStatus | undefined
  /** Normalised like a lead's phone. */
  phone?: string | undefined
  leadId?: string | undefined
  /** Created at or after. */
  from?: Date | undefined
  /** Created strictly before. */
  before?: Date | undefined
}

function applyFilters<O>(query: SelectQueryBuilder<TenantTables, 'event_logs', O>, filters: EventLogFilters) {
  let q = query
  if (filters.trigger) q = q.where('trigger', '=', filters.trigger)
  if (filters.status) q = q.where('status', '=', filters.status)
  if (filters.phone) q = q.where('phone', '=', filters.phone)
  if (filters.leadId) q = q.where((eb) => idEquals(eb, 'lead_id', filters.leadId!))
  if (filters.from) q = q.where('created_at', '>=', filters.from)
  if (filters.before) q = q.where('created_at', '<', filters.before)
  return q
}

export async function listEventLogsPage(db: Db, filters: EventLogFilters, page: { offset: number; limit: number }) {
  const [rows, count] = await Promise.all([
    applyFilters(db.selectFrom('event_logs').selectAll(), filters)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    applyFilters(db.selectFrom('event_logs').select((eb) => eb.fn.countAll<number>().as('total')), filters).executeTakeFirstOrThrow(),
  ])
  return { rows, total: count.total }
}

/** Per trigger: events, and how many completed / finished (completed, partial or failed). */
export function countEventsByTrigger(db: Db, range: Pick<EventLogFilters, 'from' | 'before'>) {
  return applyFilters(db.selectFrom('event_logs'), range)
    .select((eb) => [
      'trigger',
      eb.fn.countAll<number>().as('count'),
      sql<string | null>`round(
        (count(*) filter (where status = 'completed'))::numeric
          / nullif(count(*) filter (where status in ('completed', 'partial', 'failed')), 0),
        2)`.as('successRate'),
    ])
    .groupBy('trigger')
    .orderBy('count', 'desc')
    .orderBy('trigger')
    .execute()
}

export function countEventsByStatus(db: Db, range: Pick<EventLogFilters, 'from' | 'before'>) {
  return applyFilters(db.selectFrom('event_logs'), range)
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .orderBy('count', 'desc')
    .orderBy('status')
    .execute()
}
