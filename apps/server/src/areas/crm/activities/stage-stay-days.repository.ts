import { type QueryCreator, sql } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { RollupWindow } from '../lead-records/rollup-window'

type Db = QueryCreator<TenantTables>

/**
 * The pipeline's stays that ended in the window, as (stage_id, stays, seconds) rows to sum: the
 * rollup's whole days (kept by triggers on stage_stays, migration 0007) and the partial first
 * day's stays (rows of 1, over the (pipeline_id, exited_at) index).
 */
export function finishedStays(db: Db, pipelineId: string, window: RollupWindow) {
  return db
    .selectFrom('stage_stay_days')
    .select(['stage_id', 'stays', 'seconds'])
    .where('pipeline_id', '=', pipelineId)
    .where('day', '>=', sql<Date>`${window.firstDay}::date`)
    .unionAll(
      db
        .selectFrom('stage_stays')
        .select([
          'stage_id',
          sql<number>`1`.as('stays'),
          sql<string>`extract(epoch from ${sql.ref('exited_at')} - ${sql.ref('entered_at')})`.as('seconds'),
        ])
        .where('pipeline_id', '=', pipelineId)
        .where('exited_at', '>=', window.since)
        .where('exited_at', '<', window.firstDayStart),
    )
}
