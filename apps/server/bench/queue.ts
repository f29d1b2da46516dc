// The job queue's cost against its history: what one empty claim (Agenda's find-and-lock statement,
// run by every worker on every wake-up and scan) costs with 4,000 and with 400,000 finished jobs kept
// in the table (finished jobs stay ECODRIX_JOB_RETENTION_DAYS, 30 by default), on a fresh embedded
// PostgreSQL with the tables and indexes the server creates. Each size is measured twice: right after
// the jobs were kept, with the planner's statistics as stale as after a burst (none gathered since
// the table was created, as before autovacuum gets to it), and after `vacuum analyze`. Printed next to pgbench TPC-B measured
// on the same cluster in the same run (`pgbench` from Debian's postgresql-client; skipped when absent).
// Target (issue 10): the claim at 400,000 within 1.5× of the claim at 4,000.
//   npm run bench:queue
//   BENCH_QUEUE_CLAIMS=500 BENCH_QUEUE_HISTORY=4000,40000,400000 BENCH_QUEUE_WAITING=50000 npm run bench:queue
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PostgresBackend } from '@agendajs/postgres-backend'
import { sql } from 'kysely'
import pino from 'pino'
import { createKysely, createPool } from '../src/platform/database/connect'
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres'
import { createJobs } from '../src/platform/jobs/jobs'

const claims = Number(process.env.BENCH_QUEUE_CLAIMS ?? 300)
const histories = (process.env.BENCH_QUEUE_HISTORY ?? '4000,400000').split(',').map(Number)
// Jobs waiting for a later time (delayed actions, callback retries): active, but not due.
const waiting = Number(process.env.BENCH_QUEUE_WAITING ?? 0)
const JOB = 'workflows.run-event'
const TABLE = 'agenda_jobs'

const logger = pino({ level: 'silent' })
const dir = mkdtempSync(join(tmpdir(), 'ecodrix-bench-queue-'))
const cluster = await startEmbeddedPostgres({ dir, logger })
const pool = createPool(cluster.connectionString, 4)
const db = createKysely(pool)
// The server's own job runtime creates the table and the indexes it adds to Agenda's.
const jobs = await createJobs({ pool, db, logger, name: 'bench-queue' })
const backend = new PostgresBackend({ pool, tableName: TABLE })
await backend.connect()

async function keepFinishedJobs(count: number): Promise<void> {
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

/** Mean milliseconds of one empty claim, Agenda's own statement through its repository, after a warm-up, and the plan's scan. */
async function emptyClaimMs(): Promise<{ ms: number; plan: string }> {
  const claim = () => {
    const now = new Date()
    return backend.repository.getNextJobToRun(JOB, new Date(now.getTime() + 5_000), new Date(now.getTime() - 600_000), now, {})
  }
  for (let i = 0; i < 20; i++) await claim()
  const started = process.hrtime.bigint()
  for (let i = 0; i < claims; i++) {
    if (await claim()) throw new Error('the bench table should hold no job to claim')
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / claims
  const { rows } = await sql<{ 'QUERY PLAN': string }>`
    explain select id from ${sql.table(TABLE)}
    where name = ${JOB} and disabled = false
      and ((locked_at is null and next_run_at <= now() + interval '5 seconds') or locked_at <= now() - interval '10 minutes')
    order by next_run_at asc nulls last, priority desc limit 1 for update skip locked`.execute(db)
  const plan = rows.map((row) => row['QUERY PLAN']).find((line) => /Scan/.test(line))?.trim() ?? ''
  return { ms, plan }
}

/** One round trip that does nothing: what any statement costs at least from here. */
async function roundTripMs(): Promise<number> {
  const started = process.hrtime.bigint()
  for (let i = 0; i < claims; i++) await sql`select 1`.execute(db)
  return Number(process.hrtime.bigint() - started) / 1e6 / claims
}

async function pgbenchTps(): Promise<number | undefined> {
  const url = new URL(cluster.connectionString)
  url.pathname = '/pgbench'
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' })
  } catch {
    return undefined
  }
  await sql`create database pgbench`.execute(db)
  execFileSync('pgbench', ['-i', '-q', '-s', '1', url.toString()], { stdio: 'ignore' })
  const out = execFileSync('pgbench', ['-c', '2', '-j', '2', '-T', '5', url.toString()], { encoding: 'utf8' })
  return Number(/tps = ([\d.]+)/.exec(out)?.[1])
}

try {
  console.log(`ECODrIx queue bench: ${claims} empty claims per history size, ${waiting} jobs waiting for later, Node ${process.version}`)
  const tps = await pgbenchTps()
  const tpcbMs = tps ? 2_000 / tps : undefined // two connections: one transaction's share of time
  console.log(tps ? `pgbench TPC-B (2 connections, 5 s): ${tps.toFixed(0)} tps, ${tpcbMs!.toFixed(2)} ms a transaction` : 'pgbench not found: no TPC-B anchor')
  console.log(`round trip (select 1): ${(await roundTripMs()).toFixed(3)} ms`)
  console.log('finished jobs kept   statistics   empty claim ms   × TPC-B   plan')
  const worst = histories.map(() => 0)
  // All sizes with stale statistics first (none gathered since the table was created), then analyzed.
  for (const statistics of ['stale', 'analyzed'] as const) {
    for (const [i, history] of histories.entries()) {
      await keepFinishedJobs(history)
      if (statistics === 'analyzed') await sql`vacuum analyze ${sql.table(TABLE)}`.execute(db)
      const { ms, plan } = await emptyClaimMs()
      worst[i] = Math.max(worst[i]!, ms)
      const ratio = tpcbMs ? (ms / tpcbMs).toFixed(2) : '-'
      console.log(`${String(history).padStart(19)}   ${statistics.padEnd(10)}   ${ms.toFixed(3).padStart(14)}   ${ratio.padStart(7)}   ${plan}`)
    }
  }
  const growth = worst[worst.length - 1]! / worst[0]!
  console.log(
    `verdict: empty claim at ${histories[histories.length - 1]} finished jobs is ${growth.toFixed(2)}× the claim at ${histories[0]}, ` +
      `${growth <= 1.5 ? 'met' : 'NOT met'} (target ≤ 1.5×)`,
  )
} finally {
  await backend.disconnect()
  await jobs.stop(1_000)
  await db.destroy()
  await cluster.stop()
  rmSync(dir, { recursive: true, force: true })
}
