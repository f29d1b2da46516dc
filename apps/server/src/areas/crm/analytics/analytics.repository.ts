import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely'
import type { LeadStatus, TenantTables } from '../../../platform/database/tenant-tables'

type Db = Kysely<TenantTables>

/** Non-archived leads created from `since` on: the population every lead report counts. */
const leadInRange = (since: Date) =>
  sql<boolean>`${sql.ref('leads.status')} <> 'archived' and ${sql.ref('leads.created_at')} >= ${since}`

const count = (column: string) => sql<number>`count(${sql.ref(column)})::int`
const hasStatus = (status: LeadStatus) => sql<boolean>`${sql.ref('leads.status')} = ${status}`
const countIf = (condition: Expression<boolean>) => sql<number>`(count(*) filter (where ${condition}))::int`
const money = (sum: RawBuilder<unknown>) => sql<number>`coalesce(round(${sum}, 2), 0)::float8`
const dealValue = (condition?: Expression<boolean>) =>
  money(condition ? sql`sum(${sql.ref('leads.deal_value')}) filter (where ${condition})` : sql`sum(${sql.ref('leads.deal_value')})`)
/** numerator / denominator as a fraction rounded to 4 decimals, 0 when the denominator is 0. */
const rate = (numerator: Expression<number>, denominator: Expression<number>) =>
  sql<number>`coalesce(round(${numerator}::numeric / nullif(${denominator}, 0), 4), 0)::float8`
const winRate = () => rate(countIf(hasStatus('won')), sql`${countIf(hasStatus('won'))} + ${countIf(hasStatus('lost'))}`)

export function overviewTotals(db: Db, since: Date) {
  return db
    .selectFrom('leads')
    .select([
      sql<number>`count(*)::int`.as('totalLeads'),
      countIf(hasStatus('open')).as('openLeads'),
      countIf(hasStatus('won')).as('wonLeads'),
      countIf(hasStatus('lost')).as('lostLeads'),
      dealValue(hasStatus('open')).as('pipelineValue'),
      dealValue(hasStatus('won')).as('wonValue'),
      winRate().as('conversionRate'),
      sql<number>`coalesce(round(avg(${sql.ref('leads.score')}), 2), 0)::float8`.as('avgScore'),
    ])
    .where(leadInRange(since))
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
        .selectFrom('leads')
        .select(['leads.stage_id', sql<number>`count(*)`.as('leads')])
        .where('leads.pipeline_id', '=', pipelineId)
        .where(leadInRange(since))
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
    .selectFrom('leads')
    .select([
      sql<string>`coalesce(${sql.ref('leads.source')}, '(none)')`.as('source'),
      sql<number>`count(*)::int`.as('total'),
      countIf(hasStatus('won')).as('won'),
      countIf(hasStatus('lost')).as('lost'),
      winRate().as('conversionRate'),
      dealValue().as('value'),
    ])
    .where(leadInRange(since))
    .groupBy('leads.source')
    .orderBy('total', 'desc')
    .orderBy('source')
    .execute()
}

/** Per assignee: their leads and won revenue, and the activities they performed in the range. */
export function teamLeaderboard(db: Db, since: Date) {
  return db
    .with('performed', (db) =>
      db
        .selectFrom('activities')
        .select(['performed_by', count('activities.id').as('activities')])
        .where('created_at', '>=', since)
        .where('performed_by', 'is not', null)
        .groupBy('performed_by'),
    )
    .selectFrom('leads')
    .leftJoin('performed', 'performed.performed_by', 'leads.assigned_to')
    .select([
      sql<string>`${sql.ref('leads.assigned_to')}`.as('assignedTo'),
      sql<number>`count(*)::int`.as('leads'),
      countIf(hasStatus('won')).as('won'),
      dealValue(hasStatus('won')).as('revenue'),
      sql<number>`coalesce(max(${sql.ref('performed.activities')}), 0)::int`.as('activities'),
    ])
    .where(leadInRange(since))
    .where('leads.assigned_to', 'is not', null)
    .groupBy('leads.assigned_to')
    .orderBy('revenue', 'desc')
    .orderBy('won', 'desc')
    .orderBy('assignedTo')
    .execute()
}

/** Activities per UTC day for the last `days` days up to today, days without any included. */
export function dailyActivity(db: Db, days: number) {
  const today = sql`(now() at time zone 'utc')::date`
  const activityDay = sql`(${sql.ref('activities.created_at')} at time zone 'utc')::date`
  return db
    .with('days', (db) =>
      db.selectNoFrom(sql<string>`generate_series(${today} - ${days - 1}::int, ${today}, interval '1 day')::date`.as('day')),
    )
    .selectFrom('days')
    .leftJoin('activities', (join) => join.on(sql<boolean>`${activityDay} = ${sql.ref('days.day')}`))
    .select([sql<string>`to_char(${sql.ref('days.day')}, 'YYYY-MM-DD')`.as('date'), count('activities.id').as('count')])
    .groupBy('days.day')
    .orderBy('days.day')
    .execute()
}

/** Leads per score bucket of 20 points (the last one takes 100 too), all five buckets listed. */
export function scoreBuckets(db: Db, since: Date) {
  const bucket = sql.ref('buckets.bucket')
  return db
    .with('buckets', (db) => db.selectNoFrom(sql<number>`generate_series(0, 4)`.as('bucket')))
    .selectFrom('buckets')
    .leftJoin('leads', (join) =>
      join.on(sql<boolean>`least(${sql.ref('leads.score')} / 20, 4) = ${bucket}`).on(leadInRange(since)),
    )
    .select([
      sql<'0-20' | '20-40' | '40-60' | '60-80' | '80-100'>`concat(${bucket} * 20, '-', ${bucket} * 20 + 20)`.as('bucket'),
      sql<number>`${bucket} * 20`.as('min'),
      sql<number>`case when ${bucket} = 4 then 100 else ${bucket} * 20 + 19 end`.as('max'),
      count('leads.id').as('count'),
    ])
    .groupBy('buckets.bucket')
    .orderBy('buckets.bucket')
    .execute()
}

/** Average finished stay per stage of the pipeline, over stays that ended in the range (written by every move). */
export function stageTimes(db: Db, pipelineId: string, since: Date) {
  return db
    .with('per_stage', (db) =>
      db
        .selectFrom('stage_stays')
        .select([
          'stage_stays.stage_id',
          sql<number>`avg(extract(epoch from ${sql.ref('stage_stays.exited_at')} - ${sql.ref('stage_stays.entered_at')}))`.as('seconds'),
          sql<number>`count(*)::int`.as('samples'),
        ])
        .where('stage_stays.pipeline_id', '=', pipelineId)
        .where('stage_stays.exited_at', '>=', since)
        .groupBy('stage_stays.stage_id'),
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
