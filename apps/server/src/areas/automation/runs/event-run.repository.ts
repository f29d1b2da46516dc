import { type Kysely, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { EventStatus, TenantTables } from '../../../platform/database/tenant-tables'
import { completeJobRows } from '../../../platform/jobs/batch-claims'
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

const uuids = (ids: string[]) => sql<string>`any(${ids}::uuid[])`

/**
 * One statement for any number of events: claims every due pending run of each processing event
 * (a redelivered job claims none), and reads each event, its runs due later, and its lead. Events
 * that do not exist are absent from the answer.
 */
export async function startEventRuns(db: Kysely<TenantTables>, eventLogIds: string[]): Promise<Map<string, EventRunStart>> {
  const now = new Date()
  const rows = await db
    .with('claimed', (cte) =>
      cte
        .updateTable('action_runs')
        .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), started_at: now }))
        .where('event_log_id', '=', uuids(eventLogIds))
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .where((eb) =>
          eb.exists(eb.selectFrom('event_logs').select('id').whereRef('event_logs.id', '=', 'action_runs.event_log_id').where('status', '=', 'processing')),
        )
        .returning(['id', 'type', 'config', 'delay_minutes', 'position', 'event_log_id']),
    )
    .selectFrom('event_logs')
    .selectAll('event_logs')
    .select((eb) => [
      jsonArrayFrom(
        eb.selectFrom('claimed').select(['id', 'type', 'config', 'delay_minutes']).whereRef('claimed.event_log_id', '=', 'event_logs.id').orderBy('position'),
      ).as('claimed'),
      jsonArrayFrom(
        eb
          .selectFrom('action_runs')
          .select(['id', 'run_at'])
          .whereRef('action_runs.event_log_id', '=', 'event_logs.id')
          .where('status', '=', 'pending')
          .where('run_at', '>', now)
          .orderBy('position'),
      ).as('later'),
      leadJson(eb, 'event_logs.lead_id').as('lead'),
    ])
    .where('id', '=', uuids(eventLogIds))
    .execute()
  return new Map(
    rows.map(({ claimed, later, lead, ...event }) => [
      event.id,
      {
        event,
        claimed: claimed as ClaimedRun[],
        later: (later as { id: string; run_at: string }[]).map((run) => ({ id: run.id, run_at: new Date(run.run_at) })),
        lead: leadFromJson(lead),
      },
    ]),
  )
}

export interface RunOutcome {
  runId: string
  outcome: ActionOutcome
}

export interface EventOutcomes {
  eventLogId: string
  outcomes: RunOutcome[]
}

/**
 * One statement for any number of events: stores the outcomes of the runs this caller ran,
 * finishes each event none of whose other runs is open (completed, failed when every run failed,
 * else partial; guarded, so one caller finishes it), and records the given jobs' success with them.
 * Answers the events this statement finished.
 */
export async function storeEventRuns(db: Kysely<TenantTables>, events: EventOutcomes[], jobIds: string[] = []): Promise<EventLogRow[]> {
  const runs = events.flatMap(({ eventLogId, outcomes }) => outcomes.map((run) => ({ eventLogId, ...run })))
  const runIds = runs.map((run) => run.runId)
  const statuses = runs.map(({ outcome }) => outcome.status)
  const reasons = runs.map(({ outcome }) => (outcome.status === 'ok' ? null : outcome.reason))
  const results = runs.map(({ outcome }) => ('result' in outcome && outcome.result ? JSON.stringify(outcome.result) : null))
  let statement = db
    .with('outcome', (cte) =>
      cte
        .updateTable('action_runs')
        .from(
          sql<{ id: string; status: string; reason: string | null; result: unknown }>`(
            select * from unnest(${runIds}::uuid[], ${statuses}::text[], ${reasons}::text[], ${results}::jsonb[]) as o(id, status, reason, result))`.as('o'),
        )
        .set({ status: sql.ref('o.status'), reason: sql.ref('o.reason'), result: sql.ref('o.result'), finished_at: new Date() })
        .whereRef('action_runs.id', '=', 'o.id')
        .where('action_runs.status', '=', 'running'),
    )
    .with('own', () => sql`(select unnest(${runs.map((run) => run.eventLogId)}::uuid[]) as event_log_id, unnest(${statuses}::text[]) as status)` as never)
  // The jobs table is outside the tenant's schema; the raw CTE compiles the same (see insertEventLog).
  if (jobIds.length > 0) statement = statement.with('job', () => completeJobRows(jobIds) as never) as unknown as typeof statement
  // A statement does not see its own CTEs' writes: the runs it stores count with their new status.
  const others = db
    .selectFrom('action_runs as other')
    .select('other.status')
    .where('other.event_log_id', '=', sql.ref<string>('event_logs.id'))
    .where('other.id', '<>', sql<string>`all(${runIds}::uuid[])`)
  return statement
    .updateTable('event_logs')
    .set({
      status: sql<EventStatus>`(
        select case when count(*) filter (where s = 'failed') = 0 then 'completed'
                    when count(*) filter (where s = 'failed') = count(*) then 'failed'
                    else 'partial' end
        from (select status as s from (${others}) o union all select status from own where own.event_log_id = event_logs.id) statuses)`,
      completed_at: new Date(),
    })
    .where('id', '=', uuids(events.map((event) => event.eventLogId)))
    .where('status', '=', 'processing')
    .where(sql<boolean>`not exists (select 1 from (${others}) o where o.status = any(${OPEN_RUN}::text[]))`)
    .returningAll()
    .execute()
}
