import { type Kysely, sql } from 'kysely'

/**
 * The sweep looks every minute for events still awaiting their run (a lost job, a stalled one); over
 * the created_at index it would first pass every finished event ever logged. This index holds only
 * the few awaiting ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('event_logs_awaiting_run_idx')
    .on('event_logs')
    .column('created_at')
    .where(sql.ref('status'), 'in', sql`('scheduled', 'processing')`)
    .execute()
}
