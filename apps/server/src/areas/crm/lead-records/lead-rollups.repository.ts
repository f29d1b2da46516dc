import { type QueryCreator, sql } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { RollupWindow } from './rollup-window'

type Db = QueryCreator<TenantTables>

// Reads of the lead rollups (migration 0007, kept by triggers on leads). Each answers rows a report
// aggregates with sum(leads) where it counted leads: the rollup's rows (of the window's whole days,
// or of every day without a window), and the leads of the window's partial first day as rows of 1.

/** Non-archived leads created in the window's partial first day; `status in` keeps it a range of the (status, created_at) index. */
function partialDayLeads(db: Db, window: RollupWindow) {
  return db
    .selectFrom('leads')
    .where('leads.status', 'in', ['open', 'won', 'lost'])
    .where('leads.created_at', '>=', window.since)
    .where('leads.created_at', '<', window.firstDayStart)
}

const one = sql<number>`1`
const value = sql<string>`coalesce(${sql.ref('leads.deal_value')}, 0)`
const fromDay = (window: RollupWindow) => sql<Date>`${window.firstDay}::date`

/** (stage_id, pipeline_id, status, leads, deal_value) */
export function leadsByStage(db: Db, window?: RollupWindow) {
  const rolled = db.selectFrom('lead_stage_days').select(['stage_id', 'pipeline_id', 'status', 'leads', 'deal_value'])
  if (!window) return rolled
  return rolled
    .where('day', '>=', fromDay(window))
    .unionAll(partialDayLeads(db, window).select(['stage_id', 'pipeline_id', sql<'open' | 'won' | 'lost'>`status`.as('status'), one.as('leads'), value.as('deal_value')]))
}

/** (source, status, leads, deal_value) */
export function leadsBySource(db: Db, window: RollupWindow) {
  return db
    .selectFrom('lead_source_days')
    .select(['source', 'status', 'leads', 'deal_value'])
    .where('day', '>=', fromDay(window))
    .unionAll(partialDayLeads(db, window).select(['source', sql<'open' | 'won' | 'lost'>`status`.as('status'), one.as('leads'), value.as('deal_value')]))
}

/** (assigned_to, status, leads, deal_value); leads without an owner are not in the rollup. */
export function leadsByOwner(db: Db, window: RollupWindow) {
  return db
    .selectFrom('lead_owner_days')
    .select(['assigned_to', 'status', 'leads', 'deal_value'])
    .where('day', '>=', fromDay(window))
    .unionAll(
      partialDayLeads(db, window)
        .where('assigned_to', 'is not', null)
        .select([sql<string>`assigned_to`.as('assigned_to'), sql<'open' | 'won' | 'lost'>`status`.as('status'), one.as('leads'), value.as('deal_value')]),
    )
}

/** (bucket, leads, score): buckets of 20 points, the last one taking 100 too; `score` sums the leads' scores. */
export function leadsByScore(db: Db, window: RollupWindow) {
  return db
    .selectFrom('lead_score_days')
    .select(['bucket', 'leads', 'score'])
    .where('day', '>=', fromDay(window))
    .unionAll(partialDayLeads(db, window).select([sql<number>`least(score / 20, 4)`.as('bucket'), one.as('leads'), 'score']))
}
