import { type Kysely, sql } from 'kysely'

const now = sql`now()`

/**
 * Keyword auto-replies: the tenant's flows (one row, saved whole), and one row per auto-reply
 * made. `idempotency_key` (`auto-reply:<inbound wamid>`) is unique, so an inbound message is
 * answered at most once whatever redelivers or retries it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auto_reply_settings')
    .addColumn('id', 'integer', (col) => col.primaryKey().defaultTo(1).check(sql`id = 1`))
    .addColumn('flows', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('fallback', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()

  await db.schema
    .createTable('auto_replies')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('inbound_message_id', 'uuid', (col) => col.notNull().references('messages.id').onDelete('cascade'))
    // The flow that answered; null for the fallback.
    .addColumn('flow_id', 'text')
    .addColumn('reply_message_id', 'uuid', (col) => col.references('messages.id').onDelete('set null'))
    // Why no reply was queued (the template no longer approved, the number no longer configured…).
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
}
