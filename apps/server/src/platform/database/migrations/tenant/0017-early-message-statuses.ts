import { type Kysely, sql } from 'kysely'

/**
 * Meta's statuses for a wamid the tenant does not have yet: Meta can report `delivered` or
 * `read` before the send that got the wamid from Graph has stored it. One row per wamid and
 * status, so a redelivered status is kept once; the send's outcome applies and deletes them, and
 * the sweep deletes those whose wamid never shows up (a message another app sent from the number).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('early_message_statuses')
    .addColumn('wamid', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('sent', 'delivered', 'read', 'failed')`))
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('error_title', 'text')
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`clock_timestamp()`))
    .addPrimaryKeyConstraint('early_message_statuses_pkey', ['wamid', 'status'])
    .execute()
  await db.schema.createIndex('early_message_statuses_received_idx').on('early_message_statuses').column('received_at').execute()
}
