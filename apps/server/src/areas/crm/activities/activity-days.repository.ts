import { type QueryCreator, type RawBuilder, sql } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { RollupWindow } from '../lead-records/rollup-window'

type Db = QueryCreator<TenantTables>

/** Activities per UTC day from `from` on (a date), from the rollup kept by triggers on activities (migration 0007). */
export function activitiesPerDay(db: Db, from: RawBuilder<Date>) {
  return db
    .selectFrom('activity_days')
    .select(['day', sql<number>`sum(${sql.ref('activities')})`.as('activities')])
    .where('day', '>=', from)
    .groupBy('day')
}

/**
 * Activities with a performer created in the window, as (performed_by, activities) rows to sum:
 * the rollup's whole days and the partial first day's activities (rows of 1, over a partial index).
 */
export function performedActivities(db: Db, window: RollupWindow) {
  return db
    .selectFrom('activity_days')
    .select([sql<string>`performed_by`.as('performed_by'), 'activities'])
    .where('performed_by', 'is not', null)
    .where('day', '>=', sql<Date>`${window.firstDay}::date`)
    .unionAll(
      db
        .selectFrom('activities')
        .select([sql<string>`performed_by`.as('performed_by'), sql<number>`1`.as('activities')])
        .where('performed_by', 'is not', null)
        .where('created_at', '>=', window.since)
        .where('created_at', '<', window.firstDayStart),
    )
}
