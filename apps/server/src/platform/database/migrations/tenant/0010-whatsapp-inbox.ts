import { type Kysely, sql } from 'kysely'

const now = sql`now()`

/**
 * The tenant's WhatsApp inbox: one conversation per phone (E.164), its messages in and out. A
 * message from or to Meta is applied once: `wamid` is unique (outbound messages get theirs when
 * Graph accepts them). Statuses only move forward; the status timestamps record each step.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('phone', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('lead_id', 'uuid', (col) => col.references('leads.id').onDelete('set null'))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('open').check(sql`status in ('open', 'closed')`))
    .addColumn('assigned_to', 'text')
    .addColumn('tags', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('unread_count', 'integer', (col) => col.notNull().defaultTo(0).check(sql`unread_count >= 0`))
    .addColumn('last_message_at', 'timestamptz')
    .addColumn('last_message_preview', 'text')
    // The 24-hour customer-service window opens with each inbound message.
    .addColumn('last_inbound_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema
    .createIndex('conversations_recent_idx')
    .on('conversations')
    .expression(sql`last_message_at desc nulls last, id desc`)
    .execute()
  await db.schema.createIndex('conversations_lead_idx').on('conversations').column('lead_id').execute()
  await db.schema.createIndex('conversations_tags_idx').on('conversations').using('gin').column('tags').execute()
  await db.schema
    .createIndex('conversations_search_idx')
    .on('conversations')
    .using('gin')
    .expression(sql`(phone || ' ' || coalesce(name, '')) public.gin_trgm_ops`)
    .execute()

  await db.schema
    .createTable('messages')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('conversation_id', 'uuid', (col) => col.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('wamid', 'text', (col) => col.unique())
    .addColumn('direction', 'text', (col) => col.notNull().check(sql`direction in ('inbound', 'outbound')`))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('received', 'queued', 'sent', 'delivered', 'read', 'failed')`),
    )
    // The text, or a media caption; what previews and searches show.
    .addColumn('body', 'text')
    // The type's own fields (media, location, contacts, interactive reply, template and its parameters).
    .addColumn('content', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    // The message it answers (Meta's `context.message_id`), as our id and as Meta's.
    .addColumn('reply_to_id', 'uuid')
    .addColumn('reply_to_wamid', 'text')
    // Our reaction to this message (an outbound `reaction` message's emoji), and the contact's.
    .addColumn('reaction', 'text')
    .addColumn('contact_reaction', 'text')
    .addColumn('starred', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('error_code', 'integer')
    .addColumn('error_title', 'text')
    .addColumn('event_log_id', 'uuid')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('read_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    // Meta's timestamp for an inbound message; when it was queued for an outbound one.
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('messages_conversation_idx').on('messages').columns(['conversation_id', 'created_at', 'id']).execute()
}
