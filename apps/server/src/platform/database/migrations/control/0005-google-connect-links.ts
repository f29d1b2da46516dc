import { type Kysely, sql } from 'kysely'

/**
 * A consent starts from a connect link the admin API issued (ADR 0017). The link's token is kept,
 * as a hash, in the same table as the states: a row at step `link`, which opening the link turns
 * into the consent's state (step `consent`), so a link works once and every state comes from one.
 * Rows so far were states.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table google_oauth_states rename column state_hash to token_hash`.execute(db)
  await db.schema
    .alterTable('google_oauth_states')
    .addColumn('step', 'text', (col) => col.notNull().defaultTo('consent').check(sql`step in ('link', 'consent')`))
    .execute()
  await db.schema.alterTable('google_oauth_states').alterColumn('step', (col) => col.dropDefault()).execute()
}
