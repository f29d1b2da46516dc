import { type Kysely, sql } from 'kysely'

/**
 * Pending Google OAuth consents: the hash of each `state` handed to Google, the client it was
 * started for and when it stops being accepted. A callback deletes its row, so a state works once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('google_oauth_states')
    .addColumn('state_hash', 'text', (col) => col.primaryKey())
    .addColumn('client_code', 'text', (col) => col.notNull().references('clients.code').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('google_oauth_states_client_code_idx').on('google_oauth_states').column('client_code').execute()
}
