import pg from 'pg'
import { schemaNameFor } from '../../../src/areas/clients/tenant-location'
import type { TestServer } from '../../helpers/test-server'

const PLATFORM_TABLES = ['public.clients', 'public.api_keys', 'public.client_secrets', 'public.cors_origins']

const quoted = (table: string) =>
  table
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.')

/**
 * Notices any committed write to the platform tables and every table of the tenants' schemas: per
 * table, the row count and the sum of the rows' `xmin` (every insert or update makes a row version
 * with a newer transaction id; a delete lowers the count). One prepared statement on a connection
 * of its own, about a millisecond, so it can run after every request.
 */
export async function watchWrites(server: TestServer, clientCodes: string[]) {
  const client = new pg.Client({ connectionString: server.config.databaseUrl })
  await client.connect()
  const { rows } = await client.query<{ name: string }>(
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema = any($1) order by name`,
    [clientCodes.map(schemaNameFor)],
  )
  const tables = [...PLATFORM_TABLES, ...rows.map((row) => row.name)]
  const text = tables
    .map((table, i) => `select ${i} as i, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) as state from ${quoted(table)}`)
    .join(' union all ')
  const read = async () => (await client.query<{ i: number; state: string }>({ name: 'write-watch', text })).rows
  let last = await read()
  return {
    /** The tables written since the last call. */
    async written(): Promise<string[]> {
      const now = await read()
      // By table, not by position: `union all` over many tables may be run as a parallel append, in any order.
      const before = new Map(last.map((row) => [row.i, row.state]))
      const changed = now.filter((row) => row.state !== before.get(row.i)).map((row) => tables[row.i]!)
      last = now
      return changed
    },
    close: () => client.end(),
  }
}
