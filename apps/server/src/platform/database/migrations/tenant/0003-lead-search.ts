import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Must stay the expression leads.repository.ts searches with, or the index is not used.
  await db.schema
    .createIndex('leads_search_trgm_idx')
    .on('leads')
    .using('gin')
    .expression(
      sql`(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(deal_title, '')) public.gin_trgm_ops`,
    )
    .execute()
}
