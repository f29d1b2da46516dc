import { type Kysely, sql } from 'kysely'

/**
 * Rate-limit windows are counters a minute long: losing them in a crash only restarts the count.
 * Unlogged, their upsert writes no WAL, so its commit does not wait for a WAL flush while holding
 * the tenant's window row, the one row every trigger of that tenant updates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rate_limit_windows set unlogged`.execute(db)
}
