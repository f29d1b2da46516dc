// What one empty claim of the job queue costs with a given number of finished jobs kept in the table:
// each of the statements a worker runs on every wake-up and scan to find due work, Agenda's
// find-and-lock (the jobs Agenda runs) and the batch claim (the engine's run jobs), called through the
// server's own code, in a database given to it alone, with the table and indexes the server's job
// runtime creates. Each size is measured twice: right after the jobs were kept, with the planner's
// statistics as stale as after a burst (none gathered since the table was created, as before
// autovacuum gets to it), then after `vacuum analyze`.
import { PostgresBackend } from '@agendajs/postgres-backend'
import { sql } from 'kysely'
import type pg from 'pg'
import pino from 'pino'
import { createKysely, createPool } from '../src/platform/database/connect'
import { claimDueJobs } from '../src/platform/jobs/batch-claims'
import { createJobs } from '../src/platform/jobs/jobs'
import { ratio } from './pgbench'

const JOB = 'workflows.run-event'
const TABLE = 'agenda_jobs'
// As a worker of the bench's nodes (pool of 20, two kept for other work) and the default lease.
const BATCH_SLOTS = 18
const LEASE_MS = 60_000

export interface EmptyClaimOptions {
  connectionString: string
  /** Finished jobs kept, smallest first: the growth is the last size's claim over the first's. */
  histories: number[]
  claims: number
  /** Jobs waiting for a later time (delayed actions, callback retries): active, but not due. */
  waiting: number
  /** One TPC-B transaction's time in the same run, to print each claim as a multiple of it. */
  tpcbMs: number | undefined
}

/** The pool, and the last statement sent through it (by pool.query or a checked-out client), to explain. */
function recordingPool(pool: pg.Pool): { pool: pg.Pool; last(): { text: string; values: unknown[] } | undefined } {
  let last: { text: string; values: unknown[] } | undefined
  const record = (target: pg.Pool | pg.PoolClient) => (text: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
    last = typeof text === 'string' ? { text, values: values ?? [] } : { text: text.text, values: text.values ?? [] }
    return (target.query as (text: unknown, values?: unknown) => Promise<unknown>)(text, values)
  }
  const recording = new Proxy(pool, {
    get(target, property) {
      if (property === 'query') return record(target)
      if (property === 'connect') {
        return async () => {
          const client = await target.connect()
          return new Proxy(client, { get: (c, p) => (p === 'query' ? record(c) : Reflect.get(c, p, c)) })
        }
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { pool: recording, last: () => last }
}

/**
 * Prints the round trip, then a row per size, statistics and claim statement; answers each claim's
 * growth (its worst time at the largest size over its worst at the smallest).
 */
export async function measureEmptyClaims(options: EmptyClaimOptions): Promise<Record<string, number>> {
  const { histories, claims, waiting, tpcbMs } = options
  const pool = createPool(options.connectionString, 4)
  const recorder = recordingPool(pool)
  const db = createKysely(recorder.pool)
  const jobs = await createJobs({ pool, db: createKysely(pool), logger: pino({ level: 'silent' }), name: 'bench-queue', concurrency: 1, leaseMs: LEASE_MS })
  const backend = new PostgresBackend({ pool: recorder.pool, tableName: TABLE })
  await backend.connect()
  const claimStatements: Record<string, () => Promise<unknown>> = {
    'Agenda find-and-lock': () => {
      const now = new Date()
      return backend.repository.getNextJobToRun(JOB, new Date(now.getTime() + 5_000), new Date(now.getTime() - 600_000), now, {})
    },
    'batch claim': () => claimDueJobs(db, JOB, BATCH_SLOTS, LEASE_MS, 'bench-queue'),
  }

  const keepFinishedJobs = async (count: number) => {
    await sql`truncate ${sql.table(TABLE)}`.execute(db)
    await sql`
      insert into ${sql.table(TABLE)} (id, name, priority, next_run_at, type, data, disabled, fork, last_run_at, last_finished_at)
      select gen_random_uuid(), ${JOB}, 0, null, 'normal',
        jsonb_build_object('clientCode', 'tenant_' || (i % 100), 'eventLogId', gen_random_uuid()), false, false, now(), now()
      from generate_series(1, ${count}) as i`.execute(db)
    await sql`
      insert into ${sql.table(TABLE)} (id, name, priority, next_run_at, type, data, disabled, fork)
      select gen_random_uuid(), ${JOB}, 0, now() + interval '1 day', 'normal',
        jsonb_build_object('clientCode', 'tenant_' || (i % 100), 'eventLogId', gen_random_uuid()), false, false
      from generate_series(1, ${waiting}) as i`.execute(db)
  }

  /** Mean milliseconds of one empty claim after a warm-up, and the scan of the plan PostgreSQL picks for it. */
  const emptyClaimMs = async (claim: () => Promise<unknown>) => {
    const isEmpty = (claimed: unknown) => !claimed || (Array.isArray(claimed) && claimed.length === 0)
    for (let i = 0; i < 20; i++) await claim()
    const started = process.hrtime.bigint()
    for (let i = 0; i < claims; i++) {
      if (!isEmpty(await claim())) throw new Error('the bench table should hold no job to claim')
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6 / claims
    const statement = recorder.last()!
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain ${statement.text}`, statement.values)
    const plan = rows.map((row) => row['QUERY PLAN']).find((line) => /(Seq|Index|Index Only|Bitmap Heap) Scan/.test(line))?.trim() ?? ''
    return { ms, plan }
  }

  /** One round trip that does nothing: what any statement costs at least from here. */
  const roundTripMs = async () => {
    const started = process.hrtime.bigint()
    for (let i = 0; i < claims; i++) await sql`select 1`.execute(db)
    return Number(process.hrtime.bigint() - started) / 1e6 / claims
  }

  try {
    console.log(`${claims} empty claims per history size, ${waiting} jobs waiting for later; round trip (select 1): ${(await roundTripMs()).toFixed(3)} ms`)
    console.log('finished jobs kept   statistics   claim                  empty claim ms   × TPC-B   plan')
    const names = Object.keys(claimStatements)
    const worst = new Map(names.map((name) => [name, histories.map(() => 0)]))
    // All sizes with stale statistics first (none gathered since the table was created), then analyzed.
    for (const statistics of ['stale', 'analyzed'] as const) {
      for (const [i, history] of histories.entries()) {
        await keepFinishedJobs(history)
        if (statistics === 'analyzed') await sql`vacuum analyze ${sql.table(TABLE)}`.execute(db)
        for (const name of names) {
          const { ms, plan } = await emptyClaimMs(claimStatements[name]!)
          const sizes = worst.get(name)!
          sizes[i] = Math.max(sizes[i]!, ms)
          console.log(
            `${String(history).padStart(18)}   ${statistics.padEnd(10)}   ${name.padEnd(20)}   ${ms.toFixed(3).padStart(14)}   ${ratio(ms, tpcbMs).padStart(7)}   ${plan}`,
          )
        }
      }
    }
    return Object.fromEntries(names.map((name) => [name, worst.get(name)!.at(-1)! / worst.get(name)![0]!]))
  } finally {
    await backend.disconnect()
    await jobs.stop(1_000)
    await db.destroy()
  }
}

export const CLAIM_GROWTH_TARGET = 1.5

/** One line per claim statement. */
export const claimVerdicts = (growths: Record<string, number>, histories: number[]) =>
  Object.entries(growths).map(
    ([name, growth]) =>
      `empty ${name} at ${histories.at(-1)} finished jobs is ${growth.toFixed(2)}× the claim at ${histories[0]}, ` +
      `${growth <= CLAIM_GROWTH_TARGET ? 'met' : 'NOT met'} (target ≤ ${CLAIM_GROWTH_TARGET}×)`,
  )
