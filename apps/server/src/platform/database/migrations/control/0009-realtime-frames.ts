import { type Kysely, sql } from 'kysely'

/**
 * Real-time frames too big for a NOTIFY payload (8,000 bytes) wait here for the nodes' hubs to read
 * them by id (ADR 0019). Unlogged: a frame lives for seconds, and one lost in a crash costs a
 * stale screen, which the clients' resync corrects; its insert then writes no WAL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('realtime_frames')
    .modifyFront(sql`unlogged`)
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('frame', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('realtime_frames_created_at_idx').on('realtime_frames').column('created_at').execute()
}
