// The bench's one connection to the server's database, for its own few reads. Every statement it
// sends ends with a mark (pg_stat_statements drops a leading comment, keeps a trailing one), so the
// statement and commit counts can leave the bench's out, and its backend's pid lets the CPU meter
// do the same.
import pg from 'pg'

export const BENCH_MARK = '/* bench */'

export interface MonitorConnection {
  /** `name` makes it a prepared statement, planned once however often it runs. */
  query<Row extends object>(text: string, values?: unknown[], name?: string): Promise<Row[]>
  backendPid: number
  close(): Promise<void>
}

export async function connectMonitor(connectionString: string): Promise<MonitorConnection> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  const query = async <Row extends object>(text: string, values: unknown[] = [], name?: string) =>
    (await client.query<Row>({ text: `${text} ${BENCH_MARK}`, values, ...(name ? { name } : {}) })).rows
  const [self] = await query<{ pid: number }>('select pg_backend_pid() as pid')
  return { query, backendPid: self!.pid, close: () => client.end() }
}
