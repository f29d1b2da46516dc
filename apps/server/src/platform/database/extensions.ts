import { type Kysely, sql } from 'kysely'

const ALREADY_EXISTS = new Set(['23505', '42710'])

/**
 * Extensions tenant schemas rely on (pg_trgm for lead search). Created in `public`, once per
 * database; two processes racing to create it both succeed.
 */
export async function ensureExtensions(db: Kysely<any>): Promise<void> {
  try {
    await sql`create extension if not exists pg_trgm with schema public`.execute(db)
  } catch (error) {
    if (!ALREADY_EXISTS.has((error as { code?: string }).code ?? '')) throw error
  }
}
