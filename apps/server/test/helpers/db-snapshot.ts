import { sql } from 'kysely'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import type { TestServer } from './test-server'

const CONTROL_TABLES = ['clients', 'api_keys', 'client_secrets', 'cors_origins'] as const

/** Row count plus a digest of every row of each table (`schema.table` allowed), by table name. */
export async function snapshotTables(server: TestServer, tables: readonly string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    tables.map(async (table) => {
      const { rows } = await sql<{ digest: string | null; count: number }>`
        select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as count
        from ${sql.table(table)} t`.execute(server.platform.db)
      return [table, `${rows[0]?.count}:${rows[0]?.digest}`] as const
    }),
  )
  return Object.fromEntries(entries)
}

/**
 * Row counts plus a digest of every row of the platform tables, to prove a rejected request
 * wrote nothing (no insert, update or delete).
 */
export function snapshotControlTables(server: TestServer): Promise<Record<string, string>> {
  return snapshotTables(server, CONTROL_TABLES)
}

/** The tables of these tenants' schemas (in the platform's database), as `schema.table`, for `snapshotTables`. */
export async function tenantTableNames(server: TestServer, clientCodes: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_schema || '.' || table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema in (${sql.join(clientCodes.map(schemaNameFor))})
    order by name`.execute(server.platform.db)
  return rows.map((row) => row.name)
}
