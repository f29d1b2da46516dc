import { type Kysely, sql } from 'kysely'

const ALREADY_EXISTS = new Set(['23505', '42710'])

/**
 * Extensions tenant schemas rely on (pg_trgm for lead search, btree_gin for the lead list's
 * multicolumn GIN index). Created in `public`, once per database; two processes racing to create
 * one both succeed.
 */
export async function ensureExtensions(db: Kysely<any>): Promise<void> {
  for (const extension of ['pg_trgm', 'btree_gin']) {
    try {
      await sql`create extension if not exists ${sql.id(extension)} with schema public`.execute(db)
    } catch (error) {
      if (!ALREADY_EXISTS.has((error as { code?: string }).code ?? '')) throw error
    }
  }
}
