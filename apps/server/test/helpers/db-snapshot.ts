import { sql } from 'kysely'
import type { TestServer } from './test-server'

const CONTROL_TABLES = ['clients', 'api_keys', 'client_secrets', 'cors_origins'] as const

/**
 * Row counts plus a digest of every row of the platform tables, to prove a rejected request
 * wrote nothing (no insert, update or delete).
 */
export async function snapshotControlTables(server: TestServer): Promise<Record<string, string>> {
  const entries = await Promise.all(
    CONTROL_TABLES.map(async (table) => {
      const { rows } = await sql<{ digest: string | null; count: number }>`
        select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as count
        from ${sql.table(table)} t`.execute(server.platform.db)
      return [table, `${rows[0]?.count}:${rows[0]?.digest}`] as const
    }),
  )
  return Object.fromEntries(entries)
}
