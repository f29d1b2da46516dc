// With BENCH_PG_STATEMENTS=1 the bench's cluster loads pg_stat_statements, and a scenario can print
// the statements it ran: calls per request and PostgreSQL time, the heaviest first.
import pg from 'pg'

export const statementStatsSettings = ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all']

export interface StatementStats {
  reset(): Promise<void>
  print(requests: number, top?: number): Promise<void>
  close(): Promise<void>
}

export async function createStatementStats(connectionString: string): Promise<StatementStats> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  await client.query('create extension if not exists pg_stat_statements')
  return {
    async reset() {
      await client.query('select pg_stat_statements_reset()')
    },
    async print(requests, top = 25) {
      const { rows } = await client.query<{ calls: string; total_ms: number; query: string }>(
        `select calls, total_exec_time + total_plan_time as total_ms, query from pg_stat_statements
         where query not like '%pg_stat_statements%' order by total_ms desc limit $1`,
        [top],
      )
      const calls = rows.reduce((sum, row) => sum + Number(row.calls), 0)
      console.log(`  statements (top ${top}, ${(calls / requests).toFixed(1)} calls per request):`)
      for (const row of rows) {
        const perRequest = (Number(row.calls) / requests).toFixed(2).padStart(6)
        const ms = (row.total_ms / requests).toFixed(3).padStart(7)
        console.log(`  ${perRequest} calls ${ms} ms  ${row.query.replace(/\s+/g, ' ').slice(0, 150)}`)
      }
    },
    close: () => client.end(),
  }
}
