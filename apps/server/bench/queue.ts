// The job queue's cost against its history: what one empty claim (Agenda's find-and-lock and the
// batch claim, run by every worker on every wake-up and scan) costs with 4,000 and with 400,000 finished jobs kept
// in the table (finished jobs stay ECODRIX_JOB_RETENTION_DAYS, 30 by default), on a fresh embedded
// PostgreSQL with the tables and indexes the server creates, with stale and with fresh planner
// statistics (queue-claims.ts). Printed next to pgbench TPC-B measured on the same cluster in the same
// run (`pgbench` from Debian's postgresql-client; skipped when absent). npm run bench:triggers prints
// the same figures.
// Target (issue 10): the claim at 400,000 within 1.5× of the claim at 4,000.
//   npm run bench:queue
//   BENCH_QUEUE_CLAIMS=500 BENCH_QUEUE_HISTORY=4000,40000,400000 BENCH_QUEUE_WAITING=50000 npm run bench:queue
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres'
import { createTpcB, PGBENCH_MISSING } from './pgbench'
import { claimVerdicts, measureEmptyClaims } from './queue-claims'

const claims = Number(process.env.BENCH_QUEUE_CLAIMS ?? 300)
const histories = (process.env.BENCH_QUEUE_HISTORY ?? '4000,400000').split(',').map(Number)
const waiting = Number(process.env.BENCH_QUEUE_WAITING ?? 0)
const PGBENCH_CLIENTS = 2
const PGBENCH_SECONDS = 5

const dir = mkdtempSync(join(tmpdir(), 'ecodrix-bench-queue-'))
const cluster = await startEmbeddedPostgres({ dir, logger: pino({ level: 'silent' }) })
try {
  console.log(`ECODrIx queue bench, Node ${process.version}`)
  const tpcb = (await createTpcB(cluster.connectionString, PGBENCH_CLIENTS))?.run(PGBENCH_SECONDS)
  console.log(
    tpcb
      ? `pgbench TPC-B (${tpcb.clients} connections, ${tpcb.seconds} s): ${tpcb.tps.toFixed(0)} tps, ${tpcb.transactionMs.toFixed(2)} ms a transaction`
      : PGBENCH_MISSING,
  )
  const growths = await measureEmptyClaims({ connectionString: cluster.connectionString, histories, claims, waiting, tpcbMs: tpcb?.transactionMs })
  for (const verdict of claimVerdicts(growths, histories)) console.log(`verdict: ${verdict}`)
} finally {
  await cluster.stop()
  rmSync(dir, { recursive: true, force: true })
}
