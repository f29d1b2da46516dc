import { type Kysely, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { EventStatus, TenantTables } from '../../../platform/database/tenant-tables'
import { completeJobRow } from '../../../platform/jobs/batch-claims'
import { leadFromJson, leadJson, type LeadRow } from '../../crm'
import type { ActionOutcome } from '../actions/action-executor'
import { type EventLogRow, OPEN_RUN } from './event-logs.repository'

/** A run this caller claimed, with what executing it needs. */
export interface ClaimedRun {
  id: string
  type: string
  config: Record<string, unknown>
  delay_minutes: number
}

export interface EventRunStart {
  event: EventLogRow
  /** Due runs, now `running` and this caller's, in order. */
  claimed: ClaimedRun[]
  /** Pending runs due later (delayed actions), for their own jobs. */
  later: { id: string; run_at: Date }[]
  lead: LeadRow | null
}

/**
 * One statement: claims every due pending run of a processing event (a redelivered job claims
 * none), and reads the event, its runs due later, and its lead. Undefined when there is no event.
 */
export async function startEventRun(db: Kysely<TenantTables>, eventLogId: string): Promise<EventRunStart | undefined> {
  const now = new Date()
  const row = await db
    .with('claimed', (cte) =>
      cte
        .updateTable('action_runs')
        .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), started_at: now }))
        .where('event_log_id', '=', eventLogId)
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .where((eb) => eb.exists(eb.selectFrom('event_logs').select('id').where('id', '=', eventLogId).where('status', '=', 'processing')))
        .returning(['id', 'type', 'config', 'delay_minutes', 'position']),
    )
    .selectFrom('event_logs')
    .selectAll('event_logs')
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('claimed').select(['id', 'type', 'config', 'delay_minutes']).orderBy('position')).as('claimed'),
      jsonArrayFrom(
        eb
          .selectFrom('action_runs')
          .select(['id', 'run_at'])
          .where('event_log_id', '=', eventLogId)
          .where('status', '=', 'pending')
          .where('run_at', '>', now)
          .orderBy('position'),
      ).as('later'),
      leadJson(eb, 'event_logs.lead_id').as('lead'),
    ])
    .where('id', '=', eventLogId)
    .executeTakeFirst()
  if (!row) return undefined
  const { claimed, later, lead, ...event } = row
  return {
    event,
    claimed: claimed as ClaimedRun[],
    later: (later as { id: string; run_at: string }[]).map((run) => ({ id: run.id, run_at: new Date(run.run_at) })),
    lead: leadFromJson(lead),
  }
}

export interface RunOutcome {
  runId: string
  outcome: ActionOutcome
}

/**
 * One statement: stores the outcomes of the runs this caller ran, finishes the event when no other
 * run is open (completed, failed when every run failed, else partial; guarded, so one caller
 * finishes it), and, given the job's id, records the job's success with them. Answers the event
 * when this statement finished it.
 */
export async function storeEventRun(
  db: Kysely<TenantTables>,
  eventLogId: string,
  outcomes: RunOutcome[],
  jobId?: string,
): Promise<EventLogRow | undefined> {
  const ids = outcomes.map((run) => run.runId)
  let statement = db as unknown as Kysely<TenantTables>
  if (outcomes.length > 0) {
    const byRun = <T>(value: (outcome: ActionOutcome) => T) =>
      sql<T>`case id ${sql.join(
        outcomes.map(({ runId, outcome }) => sql`when ${runId}::uuid then ${value(outcome)}`),
        sql` `,
      )} end`
    statement = statement.with('outcomes', (cte) =>
      cte
        .updateTable('action_runs')
        .set({
          status: byRun((outcome) => outcome.status),
          reason: byRun((outcome) => (outcome.status === 'ok' ? null : outcome.reason)),
          result: sql`(${byRun((outcome) => ('result' in outcome && outcome.result ? JSON.stringify(outcome.result) : null))})::jsonb`,
          finished_at: new Date(),
        })
        .where('id', 'in', ids)
        .where('status', '=', 'running'),
    ) as unknown as Kysely<TenantTables>
  }
  // The jobs table is outside the tenant's schema; the raw CTE compiles the same (see insertEventLog).
  if (jobId) statement = statement.with('job', () => completeJobRow(jobId) as never) as unknown as Kysely<TenantTables>
  // A statement does not see its own CTEs' writes: the runs it stores count with their new status.
  const others = (eb: Kysely<TenantTables>) => {
    const rows = eb.selectFrom('action_runs').where('event_log_id', '=', eventLogId)
    return ids.length > 0 ? rows.where('id', 'not in', ids) : rows
  }
  const ownStatuses = outcomes.map(({ outcome }) => outcome.status)
  return statement
    .updateTable('event_logs')
    .set({
      status: sql<EventStatus>`(
        select case when count(*) filter (where s = 'failed') = 0 then 'completed'
                    when count(*) filter (where s = 'failed') = count(*) then 'failed'
                    else 'partial' end
        from (${others(db).select('status as s')} union all select unnest(${ownStatuses}::text[])) statuses)`,
      completed_at: new Date(),
    })
    .where('id', '=', eventLogId)
    .where('status', '=', 'processing')
    .where(({ not, exists }) => not(exists(others(db).select('id').where('status', 'in', OPEN_RUN))))
    .returningAll()
    .executeTakeFirst()
}
