// What the server sent PostgreSQL between two points: statements (pg_stat_statements, which the
// bench's cluster always loads), commits (pg_stat_database) and transactions that wrote (transaction
// ids assigned), the bench's own marked statements left out.
import { BENCH_MARK, type MonitorConnection } from './monitor-connection'

export const statementStatsSettings = ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all']

export interface Transactions {
  commits: number
  rollbacks: number
  /** The next transaction id: its difference counts the transactions that wrote (committed or not). */
  nextXid: number
}

export interface StatementCounts {
  /** Statements the server's nodes sent, transaction control included. */
  sent: number
  /** Of those, begin / commit / rollback / savepoints. */
  transactionControl: number
  /** Statements run inside functions or triggers the sent ones called. */
  nested: number
  /** The bench's own statements (each its own transaction). */
  bench: number
  top: { calls: number; ms: number; nested: boolean; query: string }[]
}

export interface StatementStats {
  reset(): Promise<void>
  transactions(): Promise<Transactions>
  read(top: number): Promise<StatementCounts>
}

// \y: a word boundary in PostgreSQL's regular expressions.
const TRANSACTION_CONTROL = String.raw`^\s*(begin|commit|rollback|start transaction|end|savepoint|release)\y`

/** Undefined when the server's PostgreSQL has not loaded pg_stat_statements (a DATABASE_URL of its own). */
export async function createStatementStats(monitor: MonitorConnection): Promise<StatementStats | undefined> {
  try {
    await monitor.query('create extension if not exists pg_stat_statements')
    await monitor.query('select 1 from pg_stat_statements limit 1')
  } catch {
    return undefined
  }
  const ofThisDatabase = `from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`
  return {
    async reset() {
      await monitor.query('select pg_stat_statements_reset()')
    },
    async transactions() {
      const [row] = await monitor.query<{ commits: string; rollbacks: string; next_xid: string }>(
        `select xact_commit as commits, xact_rollback as rollbacks, pg_snapshot_xmax(pg_current_snapshot())::text as next_xid
         from pg_stat_database where datname = current_database()`,
      )
      return { commits: Number(row!.commits), rollbacks: Number(row!.rollbacks), nextXid: Number(row!.next_xid) }
    },
    async read(top) {
      const [totals] = await monitor.query<Record<'sent' | 'transaction_control' | 'nested' | 'bench', string>>(
        `select
           coalesce(sum(calls) filter (where toplevel and not mine), 0) as sent,
           coalesce(sum(calls) filter (where toplevel and not mine and query ~* $1), 0) as transaction_control,
           coalesce(sum(calls) filter (where not toplevel and not mine), 0) as nested,
           coalesce(sum(calls) filter (where mine), 0) as bench
         from (select calls, toplevel, query, query like '%' || $2 as mine ${ofThisDatabase}) as statements`,
        [TRANSACTION_CONTROL, BENCH_MARK],
      )
      const rows = await monitor.query<{ calls: string; ms: number; toplevel: boolean; query: string }>(
        `select calls, total_exec_time + total_plan_time as ms, toplevel, query ${ofThisDatabase} and query not like '%' || $1
         order by calls desc, ms desc limit $2`,
        [BENCH_MARK, top],
      )
      return {
        sent: Number(totals!.sent),
        transactionControl: Number(totals!.transaction_control),
        nested: Number(totals!.nested),
        bench: Number(totals!.bench),
        top: rows.map((row) => ({ calls: Number(row.calls), ms: row.ms, nested: !row.toplevel, query: row.query.replace(/\s+/g, ' ') })),
      }
    },
  }
}
