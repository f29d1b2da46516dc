// pgbench TPC-B in a database of its own on the bench's cluster: the anchor the benches' figures are
// printed against, so a run on another machine (or a busier one) can still be compared.
import { execFileSync } from 'node:child_process'
import pg from 'pg'

export interface TpcB {
  clients: number
  seconds: number
  tps: number
  /** One transaction's share of the run's time (clients / tps), the same as pgbench's latency average. */
  transactionMs: number
  transactions: number
}

/** What each TPC-B transaction sends (pgbench -n): begin, 3 updates, a select, an insert, end; one commit. */
export const TPCB_STATEMENTS = 7

export const PGBENCH_MISSING =
  'pgbench not found: no TPC-B anchor, ratios not printed (install it with `apt-get install postgresql-client`)'

function hasPgbench(): boolean {
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Creates the database `pgbench` next to `connectionString`'s and fills it at scale `clients` (one
 * branch row per client, so they do not all queue on one row); `run` then times TPC-B. Undefined
 * without pgbench.
 */
export async function createTpcB(connectionString: string, clients: number): Promise<{ run(seconds: number): TpcB } | undefined> {
  if (!hasPgbench()) return undefined
  const admin = new pg.Client({ connectionString })
  await admin.connect()
  try {
    await admin.query('create database pgbench')
  } finally {
    await admin.end()
  }
  const url = new URL(connectionString)
  url.pathname = '/pgbench'
  execFileSync('pgbench', ['-i', '-q', '-s', String(clients), url.toString()], { stdio: 'ignore' })
  return {
    run(seconds) {
      const out = execFileSync('pgbench', ['-n', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), url.toString()], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1])
      const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1])
      if (!tps) throw new Error(`pgbench printed no tps:\n${out}`)
      return { clients, seconds, tps, transactionMs: (clients * 1000) / tps, transactions }
    },
  }
}

/** `value` as a multiple of `anchor`, or '-' without one. */
export const ratio = (value: number, anchor: number | undefined, digits = 2) => (anchor ? (value / anchor).toFixed(digits) : '-')
