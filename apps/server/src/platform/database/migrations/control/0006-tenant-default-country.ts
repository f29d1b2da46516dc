import { type Kysely, sql } from 'kysely'

/** The country a tenant's national phone numbers are read in (ADR 0016); every tenant so far had Indian numbers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('default_country', 'text', (col) => col.notNull().defaultTo('IN').check(sql`default_country ~ '^[A-Z]{2}$'`))
    .execute()
}
