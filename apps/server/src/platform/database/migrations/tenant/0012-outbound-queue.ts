import { type Kysely, sql } from 'kysely'

/**
 * The outbound queue is the messages table itself: a `queued` outbound message is due at
 * `next_attempt_at` (now, or after a retry's backoff), and `send_started_at` marks it in flight from
 * its claim until Graph's answer is stored, so no second claim sends it again. Each number's pacing
 * is one row: the time its next message may go, advanced by every claim.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('messages')
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('send_started_at', 'timestamptz')
    .addColumn('send_attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .execute()
  const queued = sql.ref('status')
  // Only queued messages: the claim's cost does not grow with the messages sent.
  await db.schema
    .createIndex('messages_outbound_due_idx')
    .on('messages')
    .columns(['next_attempt_at', 'id'])
    .where(sql<boolean>`${queued} = 'queued' and send_started_at is null`)
    .execute()
  // A conversation's messages go one at a time, in order: the claim asks for an earlier queued one.
  await db.schema
    .createIndex('messages_outbound_conversation_idx')
    .on('messages')
    .columns(['conversation_id', 'created_at', 'id'])
    .where(queued, '=', 'queued')
    .execute()
  // In flight: a few rows at any time; the sweep finds those whose worker died.
  await db.schema
    .createIndex('messages_outbound_in_flight_idx')
    .on('messages')
    .column('send_started_at')
    .where(sql<boolean>`${queued} = 'queued' and send_started_at is not null`)
    .execute()

  await db.schema
    .createTable('whatsapp_send_pacing')
    .addColumn('phone_number_id', 'text', (col) => col.primaryKey())
    .addColumn('next_send_at', 'timestamptz', (col) => col.notNull())
    .execute()
}
