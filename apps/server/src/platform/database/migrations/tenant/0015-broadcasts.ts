import { type Kysely, sql } from 'kysely'

const now = sql`now()`

/**
 * WhatsApp broadcasts: a campaign and its recipients, stored at acceptance by one insert. A
 * recipient is `pending` until the feeder hands it to the outbound queue, which it does in the same
 * transaction that creates its message (`message_id`, unique: one message per recipient, so a
 * restarted feeder never queues anyone twice); from then on its status is its message's (read by a
 * join, ADR 0023). A phone appears once per broadcast; an invalid one is kept `rejected` with why.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('broadcasts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('template_name', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('scheduled', 'sending', 'completed', 'cancelled')`))
    .addColumn('audience', 'jsonb')
    .addColumn('accepted', 'integer', (col) => col.notNull())
    .addColumn('rejected', 'integer', (col) => col.notNull())
    .addColumn('duplicates', 'integer', (col) => col.notNull())
    .addColumn('scheduled_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('broadcasts_recent_idx').on('broadcasts').columns(['created_at desc', 'id desc']).execute()
  // The feeder's question: which broadcasts are not over.
  await db.schema
    .createIndex('broadcasts_active_idx')
    .on('broadcasts')
    .columns(['scheduled_at', 'id'])
    .where(sql<boolean>`status in ('scheduled', 'sending')`)
    .execute()

  // Keyed by the recipient's place in the request: no key of its own to generate 100,000 times, and
  // no foreign key to `broadcasts` checked row by row on the acceptance's insert (broadcasts are never deleted).
  await db.schema
    .createTable('broadcast_recipients')
    .addColumn('broadcast_id', 'uuid', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    // E.164; null when the given phone is not a phone number.
    .addColumn('phone', 'text')
    .addColumn('given_phone', 'text', (col) => col.notNull())
    .addColumn('variables', 'jsonb', (col) => col.notNull())
    .addColumn('lead_id', 'uuid')
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('pending', 'queued', 'rejected', 'cancelled')`))
    .addColumn('error', 'text')
    .addColumn('message_id', 'uuid', (col) => col.references('messages.id').onDelete('set null'))
    .addPrimaryKeyConstraint('broadcast_recipients_pkey', ['broadcast_id', 'position'])
    .addUniqueConstraint('broadcast_recipients_phone_key', ['broadcast_id', 'phone'])
    .execute()
  // One recipient per message; built only once messages are queued, so acceptance does not pay for it.
  await db.schema
    .createIndex('broadcast_recipients_message_key')
    .on('broadcast_recipients')
    .column('message_id')
    .unique()
    .where(sql.ref('message_id'), 'is not', null)
    .execute()
  // What the feeder claims next: a broadcast's pending recipients in order, a few rows however many were sent.
  await db.schema
    .createIndex('broadcast_recipients_pending_idx')
    .on('broadcast_recipients')
    .columns(['broadcast_id', 'position'])
    .where(sql.ref('status'), '=', 'pending')
    .execute()
}
