import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely'
import type { LeadStatus, TenantTables } from '../../../platform/database/tenant-tables'
import { activitiesPerDay, performedActivities } from '../activities/activity-days.repository'
import { finishedStays } from '../activities/stage-stay-days.repository'
import { leadsByOwner, leadsByScore, leadsBySource, leadsByStage } from '../lead-records/lead-rollups.repository'
import { rollupWindow } from '../lead-records/rollup-window'

type Db = Kysely<TenantTables>

// Every lead report counts the non-archived leads created from `since` on. It reads them from the
// rollups as rows `leads` (aliased so), each standing for `leads.leads` leads: counting is summing.

const leadCount = (condition?: Expression<boolean>) =>
  condition
    ? sql<number>`coalesce(sum(${sql.ref('leads.leads')}) filter (where ${condition}), 0)::int`
    : sql<number>`coalesce(sum(${sql.ref('leads.leads')}), 0)::int`
/** A group of rollup rows that all count 0 (every lead moved out or archived) is no group. */
const hasLeads = sql<boolean>`sum(${sql.ref('leads.leads')}) > 0`
const hasStatus = (status: LeadStatus) => sql<boolean>`${sql.ref('leads.status')} = ${status}`
const money = (sum: RawBuilder<unknown>) => sql<number>`coalesce(round(${sum}, 2), 0)::float8`
const dealValue = (condition?: Expression<boolean>) =>
  money(condition ? sql`sum(${sql.ref('leads.deal_value')}) filter (where ${condition})` : sql`sum(${sql.ref('leads.deal_value')})`)
/** numerator / denominator as a fraction rounded to 4 decimals, 0 when the denominator is 0. */
const rate = (numerator: Expression<number>, denominator: Expression<number>) =>
  sql<number>`coalesce(round(${numerator}::numeric / nullif(${denominator}, 0), 4), 0)::float8`
const winRate = () => rate(leadCount(hasStatus('won')), sql`${leadCount(hasStatus('won'))} + ${leadCount(hasStatus('lost'))}`)

export function overviewTotals(db: Db, since: Date) {
  const window = rollupWindow(since)
  // avg(score) is sum / count, computed alike: the same numeric division, the same rounding.
  const scores = db
    .selectFrom(leadsByScore(db, window).as('scored'))
    .select(sql<number>`coalesce(round(sum(${sql.ref('scored.score')})::numeric / nullif(sum(${sql.ref('scored.leads')}), 0), 2), 0)::float8`.as('avg'))
  return db
    .selectFrom(leadsByStage(db, window).as('leads'))
    .select([
      leadCount().as('totalLeads'),
      leadCount(hasStatus('open')).as('openLeads'),
      leadCount(hasStatus('won')).as('wonLeads'),
      leadCount(hasStatus('lost')).as('lostLeads'),
      dealValue(hasStatus('open')).as('pipelineValue'),
      dealValue(hasStatus('won')).as('wonValue'),
      winRate().as('conversionRate'),
      scores.as('avgScore'),
    ])
    .$narrowType<{ avgScore: number }>()
    .executeTakeFirstOrThrow()
}

/**
 * Per non-lost stage in board order, the leads whose current stage is it or a later non-lost one:
 * leads are counted once per stage, then summed from the last stage backwards (a running window),
 * with conversion from the previous and the first stage as windows over those sums.
 */
export function funnelStages(db: Db, pipelineId: string, since: Date) {
  const reachedCount = sql<number>`${sql.ref('reached.count')}`
  const byPosition = sql`order by ${sql.ref('reached.order')}`
  // Materialised: aggregated once, not re-run for each stage it is joined to.
  return db
    .with((cte) => cte('per_stage').materialized(), (db) =>
      db
        .selectFrom(leadsByStage(db, rollupWindow(since)).as('leads'))
        .select(['leads.stage_id', sql<number>`sum(${sql.ref('leads.leads')})`.as('leads')])
        .where('leads.pipeline_id', '=', pipelineId)
        .groupBy('leads.stage_id'),
    )
    .with('reached', (db) =>
      db
        .selectFrom('stages')
        .leftJoin('per_stage', 'per_stage.stage_id', 'stages.id')
        .select([
          'stages.id as stageId',
          'stages.name',
          'stages.position as order',
          sql<number>`(sum(coalesce(${sql.ref('per_stage.leads')}, 0)) over (order by ${sql.ref('stages.position')} desc))::int`.as('count'),
        ])
        .where('stages.pipeline_id', '=', pipelineId)
        .where('stages.is_lost', '=', false),
    )
    .selectFrom('reached')
    .select([
      'reached.stageId',
      'reached.name',
      'reached.order',
      'reached.count',
      rate(reachedCount, sql`coalesce(lag(${reachedCount}) over (${byPosition}), ${reachedCount})`).as('conversionFromPrevious'),
      rate(reachedCount, sql`first_value(${reachedCount}) over (${byPosition})`).as('conversionFromFirst'),
    ])
    .orderBy('reached.order')
    .execute()
}

export function sourceBreakdown(db: Db, since: Date) {
  return db
    .selectFrom(leadsBySource(db, rollupWindow(since)).as('leads'))
    .select([
      sql<string>`coalesce(${sql.ref('leads.source')}, '(none)')`.as('source'),
      leadCount().as('total'),
      leadCount(hasStatus('won')).as('won'),
      leadCount(hasStatus('lost')).as('lost'),
      winRate().as('conversionRate'),
      dealValue().as('value'),
    ])
    .groupBy('leads.source')
    .having(hasLeads)
    .orderBy('total', 'desc')
    .orderBy('source')
    .execute()
}

/** Per assignee: their leads and won revenue, and the activities they performed in the range. */
export function teamLeaderboard(db: Db, since: Date) {
  const window = rollupWindow(since)
  return db
    .with('performed', (db) =>
      db
        .selectFrom(performedActivities(db, window).as('performed'))
        .select(['performed.performed_by', sql<number>`sum(${sql.ref('performed.activities')})`.as('activities')])
        .groupBy('performed.performed_by'),
    )
    .selectFrom(leadsByOwner(db, window).as('leads'))
    .leftJoin('performed', 'performed.performed_by', 'leads.assigned_to')
    .select([
      sql<string>`${sql.ref('leads.assigned_to')}`.as('assignedTo'),
      leadCount().as('leads'),
      leadCount(hasStatus('won')).as('won'),
      dealValue(hasStatus('won')).as('revenue'),
      sql<number>`coalesce(max(${sql.ref('performed.activities')}), 0)::int`.as('activities'),
    ])
    .groupBy('leads.assigned_to')
    .having(hasLeads)
    .orderBy('revenue', 'desc')
    .orderBy('won', 'desc')
    .orderBy('assignedTo')
    .execute()
}

/** Activities per UTC day for the last `days` days up to today, days without any included. */
export function dailyActivity(db: Db, days: number) {
  const first = sql<Date>`(now() at time zone 'utc')::date - ${days - 1}::int`
  return db
    .with('days', (db) => db.selectNoFrom(sql<string>`generate_series(${first}, ${first} + ${days - 1}::int, interval '1 day')::date`.as('day')))
    .with('per_day', (db) => activitiesPerDay(db, first))
    .selectFrom('days')
    .leftJoin('per_day', 'per_day.day', 'days.day')
    .select([
      sql<string>`to_char(${sql.ref('days.day')}, 'YYYY-MM-DD')`.as('date'),
      sql<number>`coalesce(${sql.ref('per_day.activities')}, 0)::int`.as('count'),
    ])
    .orderBy('days.day')
    .execute()
}

/** Leads per score bucket of 20 points (the last one takes 100 too), all five buckets listed. */
export function scoreBuckets(db: Db, since: Date) {
  const bucket = sql.ref('buckets.bucket')
  return db
    .with('buckets', (db) => db.selectNoFrom(sql<number>`generate_series(0, 4)`.as('bucket')))
    .with('per_bucket', (db) =>
      db
        .selectFrom(leadsByScore(db, rollupWindow(since)).as('scored'))
        .select(['scored.bucket', sql<number>`sum(${sql.ref('scored.leads')})`.as('leads')])
        .groupBy('scored.bucket'),
    )
    .selectFrom('buckets')
    .leftJoin('per_bucket', 'per_bucket.bucket', 'buckets.bucket')
    .select([
      sql<'0-20' | '20-40' | '40-60' | '60-80' | '80-100'>`concat(${bucket} * 20, '-', ${bucket} * 20 + 20)`.as('bucket'),
      sql<number>`${bucket} * 20`.as('min'),
      sql<number>`case when ${bucket} = 4 then 100 else ${bucket} * 20 + 19 end`.as('max'),
      sql<number>`coalesce(${sql.ref('per_bucket.leads')}, 0)::int`.as('count'),
    ])
    .orderBy('buckets.bucket')
    .execute()
}

/** Average finished stay per stage of the pipeline, over stays that ended in the range (written by every move). */
export function stageTimes(db: Db, pipelineId: string, since: Date) {
  return db
    .with('per_stage', (db) =>
      // The average as avg() computes it: the numeric sum divided by the count.
      db
        .selectFrom(finishedStays(db, pipelineId, rollupWindow(since)).as('stays'))
        .select([
          'stays.stage_id',
          sql<number>`sum(${sql.ref('stays.seconds')}) / nullif(sum(${sql.ref('stays.stays')}), 0)`.as('seconds'),
          sql<number>`sum(${sql.ref('stays.stays')})::int`.as('samples'),
        ])
        .groupBy('stays.stage_id'),
    )
    .selectFrom('stages')
    .leftJoin('per_stage', 'per_stage.stage_id', 'stages.id')
    .select([
      'stages.id as stageId',
      'stages.name',
      sql<number>`coalesce(round(${sql.ref('per_stage.seconds')} / 3600, 2), 0)::float8`.as('avgHours'),
      sql<number>`coalesce(${sql.ref('per_stage.samples')}, 0)`.as('samples'),
    ])
    .where('stages.pipeline_id', '=', pipelineId)
    .orderBy('stages.position')
    .execute()
}
