import { type Kysely, sql } from 'kysely'
import type { ControlTables } from '../database/control-tables'

export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  count: number
  /** Whole seconds until the window ends (1 to 60). */
  resetSeconds: number
}

/**
 * Counts one request in the caller's current one-minute window, atomically, on the database clock
 * (so every API node agrees on where windows start and end).
 */
export async function countRequest(db: Kysely<ControlTables>, clientCode: string, bucket: string): Promise<WindowCount> {
  const row = await db
    .insertInto('rate_limit_windows')
    .values({ client_code: clientCode, bucket, window_start: sql<Date>`date_trunc('minute', now())`, count: 1 })
    .onConflict((oc) =>
      oc.columns(['client_code', 'bucket', 'window_start']).doUpdateSet({ count: sql<number>`rate_limit_windows.count + 1` }),
    )
    .returning([
      'count',
      sql<number>`greatest(1, ceil(extract(epoch from window_start + interval '1 minute' - now())))::int`.as('resetSeconds'),
    ])
    .executeTakeFirstOrThrow()
  return { count: row.count, resetSeconds: row.resetSeconds }
}

/** Windows that have ended count nothing any more. */
export async function deleteEndedWindows(db: Kysely<ControlTables>): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_windows')
    .where('window_start', '<', sql<Date>`now() - interval '1 minute'`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
