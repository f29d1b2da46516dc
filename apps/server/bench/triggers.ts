// What users get from the engine: triggers against one API node and one worker node (at nice
// BENCH_WORKER_NICE, 10) sharing a fresh embedded PostgreSQL, each figure next to pgbench TPC-B run
// first on the same cluster (BENCH_PGBENCH_CLIENTS 4 connections for BENCH_PGBENCH_S 10 s, in a
// database of its own; `pgbench` from Debian's postgresql-client, ratios left out when absent). The
// nodes run with ECODRIX_TRIGGER_RATE_LIMIT=1000000: the product's 60 triggers a minute per tenant
// would cap the load long before the engine. BENCH_TENANTS tenants (100) each have
// BENCH_LEADS_PER_TENANT imported patients (50) and two rules matching every trigger: add_tag and a
// sandboxed (mock_ token) WhatsApp send.
//  A. Sustained, each trigger naming an existing patient; B. the same, each creating a new lead.
//     BENCH_CONNECTIONS (16) connections send to the tenants in turn as fast as answers come (or
//     paced at BENCH_RATE a second); a backlog count a second pauses the sending while more than
//     BENCH_BACKLOG_CAP (1,000; keep it above a second of triggers) events are accepted but not final.
//     The BENCH_WINDOW_S (30) window opens once the backlog is steady (at the cap, or no longer
//     growing), BENCH_WARM_UP_S (5) to BENCH_MAX_WARM_UP_S (30) in. Over it: triggers executed a second
//     (event logs that reached completed, partial or failed, counted in SQL) and the share of TPC-B
//     tps; the backlog at its start and end (bounded: held under the cap, or not grown); the answers'
//     p50/p99; CPU per trigger of the API node, the worker node and PostgreSQL (/proc) against a TPC-B
//     transaction's; statements sent per trigger (pg_stat_statements; the nested ones apart) against
//     TPC-B's 7, commits (pg_stat_database, as backends report them, about once a second) and writing
//     transactions per trigger, and the statements run most. The bench's own reads go over one
//     connection and are left out: its statements carry a mark, its backend's CPU is not counted.
//  C. Trigger → add_tag done (event log created → add_tag run finished, in SQL): p50/p99 over
//     BENCH_LATENCY_SAMPLES (300) triggers paced at BENCH_LATENCY_RATE (50) a second.
//  D. The queue's empty claims with 4,000 and 400,000 finished jobs kept, as npm run bench:queue
//     (queue-claims.ts), in a database of its own on the same cluster; BENCH_QUEUE_CLAIMS (300) each.
// Then a verdict (met / NOT met) on each target of the "Engine throughput" issue.
//   npm run bench:triggers
//   BENCH_RATE=300 BENCH_WINDOW_S=60 npm run bench:triggers
import { performance } from 'node:perf_hooks'
import { startBenchServer, workerNice } from './bench-server'
import { createTriggerRequests, setUpTenants } from './bench-tenants'
import { type CpuSample, cpuBetween } from './cpu-meter'
import { connectMonitor } from './monitor-connection'
import { answersBetween, startLoad } from './paced-load'
import { createTpcB, PGBENCH_MISSING, ratio, TPCB_STATEMENTS } from './pgbench'
import { claimVerdicts, measureEmptyClaims } from './queue-claims'
import { createStatementStats, type StatementCounts, type Transactions } from './statement-stats'
import { createEventLogReads, type Finished, finishedTotal, percentile } from './tenant-event-logs'

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const tenantCount = setting('BENCH_TENANTS', 100)
const patients = setting('BENCH_LEADS_PER_TENANT', 50)
const connections = setting('BENCH_CONNECTIONS', 16)
const pacedRate = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined
const backlogCap = setting('BENCH_BACKLOG_CAP', 1_000)
const warmUpS = setting('BENCH_WARM_UP_S', 5)
const maxWarmUpS = Math.max(warmUpS, setting('BENCH_MAX_WARM_UP_S', 30))
const windowS = setting('BENCH_WINDOW_S', 30)
const latencySamples = setting('BENCH_LATENCY_SAMPLES', 300)
const latencyRate = setting('BENCH_LATENCY_RATE', 50)
const pgbenchClients = setting('BENCH_PGBENCH_CLIENTS', 4)
const pgbenchSeconds = setting('BENCH_PGBENCH_S', 10)
const claims = setting('BENCH_QUEUE_CLAIMS', 300)
const CLAIM_HISTORIES = [4_000, 400_000]
const RATE_LIMIT = 1_000_000
// Waiting for the backlog to empty gives up once it has not shrunk for STUCK_S (an engine that lost
// work), or after DRAIN_LIMIT_S (one too slow for this run).
const STUCK_S = 10
const DRAIN_LIMIT_S = 90
// The backlog counts as no longer growing when it is no larger than this many seconds ago (give or take the triggers in flight).
const STEADY_OVER_S = 3
const TOP_STATEMENTS = 15
const TARGET = { triggersPerSecond: 500, shareOfTpcB: 0.2, cpuMs: 4, statements: 6, p50Ms: 10, p99Ms: 50 }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const ms = (value: number) => `${value.toFixed(2)} ms`
const met = (ok: boolean) => (ok ? 'met' : 'NOT met')

const server = await startBenchServer({ separateWorker: true, env: { ECODRIX_TRIGGER_RATE_LIMIT: String(RATE_LIMIT) } })
const { url, cpu, databaseUrl } = server
if (!databaseUrl) throw new Error('the trigger bench needs the nodes on a database it can read')
const monitor = await connectMonitor(databaseUrl)
cpu?.countOut(monitor.backendPid)
const statements = await createStatementStats(monitor)
console.log(
  `ECODrIx trigger bench: ${tenantCount} tenants × ${patients} patients, 2 rules (add_tag + sandboxed WhatsApp), ` +
    `API + worker nodes (worker at nice ${workerNice}), Node ${process.version}`,
)
console.log(`nodes started with ECODRIX_TRIGGER_RATE_LIMIT=${RATE_LIMIT} (the product's 60 triggers a minute per tenant would cap the load)`)
if (!cpu) console.log('no /proc: CPU figures left out')
if (!statements) console.log('pg_stat_statements not loaded: statement figures left out')

// TPC-B first, while the nodes are idle; the PostgreSQL CPU of its transactions anchors the triggers'.
const tpcbSetUp = await createTpcB(databaseUrl, pgbenchClients)
const tpcbCpuFrom = cpu?.sample()
const tpcb = tpcbSetUp?.run(pgbenchSeconds)
await sleep(200) // for the postmaster to reap pgbench's backends, whose CPU it then holds
const tpcbCpuMs = tpcb && tpcbCpuFrom && cpu ? cpuBetween(tpcbCpuFrom, cpu.sample(), tpcb.transactions).PostgreSQL : undefined
console.log(
  tpcb
    ? `pgbench TPC-B (${tpcb.clients} connections, ${tpcb.seconds} s): ${tpcb.tps.toFixed(0)} tps, ${ms(tpcb.transactionMs)} a transaction` +
        (tpcbCpuMs === undefined ? '' : `, ${ms(tpcbCpuMs)} of PostgreSQL CPU a transaction`)
    : PGBENCH_MISSING,
)

const setupStarted = Date.now()
const tenants = await setUpTenants(server, tenantCount, patients)
console.log(`tenants set up in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`)
const reads = createEventLogReads(
  monitor,
  tenants.map((tenant) => tenant.clientCode),
)
const triggerUrl = `${url}/api/saas/workflows/trigger`

interface Mark {
  at: number
  finished: Finished
  backlog: number
  pausedMs: number
  cpu: CpuSample | undefined
  transactions: Transactions | undefined
  loadCpu: NodeJS.CpuUsage
}

type Drain = { seconds: number } | { left: number; stuck: boolean }

/** Seconds until `count` reaches 0 (the backlog, the outbox), or what was left when it gave up. */
async function drain(count: () => Promise<number>, pollMs: number): Promise<Drain> {
  const started = performance.now()
  let smallest = { left: Number.POSITIVE_INFINITY, at: started }
  for (let left = await count(); left > 0; left = await count()) {
    const now = performance.now()
    if (left < smallest.left) smallest = { left, at: now }
    else if (now - smallest.at > STUCK_S * 1000) return { left, stuck: true }
    if (now - started > DRAIN_LIMIT_S * 1000) return { left, stuck: false }
    await sleep(pollMs)
  }
  return { seconds: (performance.now() - started) / 1000 }
}

const drainReport = (drained: Drain) => {
  if ('seconds' in drained) return `emptied in ${drained.seconds.toFixed(1)} s`
  return `NOT emptied: ${drained.left} left, ${drained.stuck ? `none done for ${STUCK_S} s` : `after ${DRAIN_LIMIT_S} s`}`
}

interface Sustained {
  executedPerSecond: number
  bounded: boolean
  cpuMs: number | undefined
  statementsPerTrigger: number | undefined
}

/**
 * One backlog count a second steers the load. The window opens once the backlog is steady (it has
 * reached the cap, or stopped growing) and at least BENCH_WARM_UP_S in; its two marks take the figures.
 */
async function runSustained(title: string, newLeads: boolean): Promise<Sustained> {
  const offered = pacedRate ? `paced at ${pacedRate} a second` : 'closed loop'
  console.log(
    `\n${title}: ${connections} connections, ${offered}, sending paused while more than ${backlogCap} events are not final; ` +
      `${windowS} s window once the backlog is steady (${warmUpS}–${maxWarmUpS} s in)`,
  )
  const since = await reads.now()
  const load = startLoad({ url: triggerUrl, connections, rate: pacedRate, next: createTriggerRequests(tenants, patients, newLeads) })
  const started = performance.now()
  const backlogs: number[] = []
  const mark = async (backlog: number): Promise<Mark> => {
    const finished = await reads.finishedSince(since)
    const cpuSample = cpu?.sample()
    const at = performance.now()
    return { at, finished, backlog, pausedMs: load.pausedMs(), cpu: cpuSample, transactions: await statements?.transactions(), loadCpu: process.cpuUsage() }
  }
  let from: Mark | undefined
  let to: Mark | undefined
  let openedAt = 0
  let capReached = false
  for (let second = 0; !to; second += 1) {
    await sleep(started + second * 1000 - performance.now())
    const backlog = await reads.backlog()
    backlogs.push(backlog)
    if (backlog > backlogCap) {
      load.pause()
      capReached = true
    } else load.resume()
    const growing = second < STEADY_OVER_S || backlog > backlogs[second - STEADY_OVER_S]! + connections
    if (!from && second >= warmUpS && (capReached || !growing || second >= maxWarmUpS)) {
      await statements?.reset()
      from = await mark(backlog)
      openedAt = second
      const why = capReached ? 'backlog at the cap' : growing ? 'warm-up limit, backlog still growing' : 'backlog not growing'
      console.log(`  window opened ${second} s in: ${why}`)
    } else if (from && second === openedAt + windowS) to = await mark(backlog)
  }
  const counts = statements ? await statements.read(TOP_STATEMENTS) : undefined
  await load.stop()
  const drained = await drain(reads.backlog, 1000)
  const answers = answersBetween(load.answers, from!.at, to.at)
  const sustained = report({ from: from!, to, counts, answers, backlogs: backlogs.slice(openedAt), drained })
  // The next phase starts on a quiet worker: the events are final once their message is queued, not sent.
  console.log(`  the rules' WhatsApp messages sent and reported read: ${drainReport(await drain(reads.unfinishedSends, 1000))}`)
  return sustained
}

interface Window {
  from: Mark
  to: Mark
  counts: StatementCounts | undefined
  answers: { ms: number; status: number }[]
  backlogs: number[]
  drained: Drain
}

function report(window: Window): Sustained {
  const { from, to, answers, backlogs } = window
  const seconds = (to.at - from.at) / 1000
  const executed = finishedTotal(to.finished) - finishedTotal(from.finished)
  const byStatus = (status: keyof Finished) => `${to.finished[status] - from.finished[status]} ${status}`
  const executedPerSecond = executed / seconds
  const accepted = answers.filter((answer) => answer.status >= 200 && answer.status < 300)
  const answerMs = accepted.map((answer) => answer.ms).sort((a, b) => a - b)
  const refused = answers.filter((answer) => answer.status === 429).length
  const failed = answers.length - accepted.length - refused
  console.log(
    `  executed ${executedPerSecond.toFixed(0)} triggers/s over ${seconds.toFixed(1)} s (${byStatus('completed')}, ${byStatus('partial')}, ${byStatus('failed')}) = ` +
      `${ratio(executedPerSecond, tpcb?.tps)}× TPC-B tps; accepted ${(accepted.length / seconds).toFixed(0)}/s, ` +
      `answer p50 ${ms(percentile(answerMs, 50))} p99 ${ms(percentile(answerMs, 99))}, ${refused} refused (429), ${failed} failed`,
  )
  // Steered once a second, the backlog swings by a second of sending and the triggers in flight.
  // While the cap held the sending back, it bounds the backlog; else the backlog must not have grown.
  const pausedS = (to.pausedMs - from.pausedMs) / 1000
  const swing = accepted.length / Math.max(1, seconds - pausedS) + connections
  const capHeld = pausedS > 0
  const bounded = to.backlog <= (capHeld ? backlogCap : from.backlog) + swing
  console.log(
    `  backlog ${from.backlog} at the window's start, ${to.backlog} at its end, at most ${Math.max(...backlogs)} ` +
      `(sending paused ${pausedS.toFixed(1)} s of ${seconds.toFixed(0)}): ${bounded ? 'bounded' : 'NOT bounded'}; ` +
      `after the load, ${drainReport(window.drained)}`,
  )
  console.log(`  backlog each 5 s: ${backlogs.filter((_, second) => second % 5 === 0).join(', ')}`)
  if (executed === 0) {
    console.log('  no trigger finished in the window: no per-trigger figures')
    return { executedPerSecond, bounded, cpuMs: undefined, statementsPerTrigger: undefined }
  }
  return { executedPerSecond, bounded, cpuMs: reportCpu(window, executed), statementsPerTrigger: reportStatements(window, executed) }
}

/** Prints the CPU per trigger of each process; answers their sum. */
function reportCpu({ from, to }: Window, executed: number): number | undefined {
  if (!from.cpu || !to.cpu) return undefined
  const used = cpuBetween(from.cpu, to.cpu, executed)
  const total = Object.values(used).reduce((sum, value) => sum + value, 0)
  const loadGenerator = (to.loadCpu.user + to.loadCpu.system - from.loadCpu.user - from.loadCpu.system) / 1000 / executed
  const each = Object.entries(used).map(([name, value]) => `${name} ${ms(value)}`)
  console.log(
    `  CPU per trigger: ${each.join(', ')} = ${ms(total)}` +
      (tpcbCpuMs ? ` (${ratio(total, tpcbCpuMs, 1)}× a TPC-B transaction's PostgreSQL CPU)` : '') +
      `; not counted: the load generator's ${ms(loadGenerator)}, the bench's reads`,
  )
  return total
}

/** Prints statements and commits per trigger and the statements run most; answers the statements sent per trigger. */
function reportStatements({ from, to, counts }: Window, executed: number): number | undefined {
  if (!counts || !from.transactions || !to.transactions) return undefined
  const per = (count: number) => (count / executed).toFixed(2)
  const sent = counts.sent / executed
  const commits = (to.transactions.commits - from.transactions.commits - counts.bench) / executed
  console.log(
    `  per trigger: ${sent.toFixed(2)} statements sent (${per(counts.transactionControl)} of them begin/commit; ${per(counts.nested)} more nested), ` +
      `${ratio(sent, TPCB_STATEMENTS)}× TPC-B's ${TPCB_STATEMENTS}; ${commits.toFixed(2)} commits (TPC-B: 1), ` +
      `${per(to.transactions.nextXid - from.transactions.nextXid)} transactions wrote, ${per(to.transactions.rollbacks - from.transactions.rollbacks)} rolled back; ` +
      `the bench's ${counts.bench} statements left out`,
  )
  console.log('  statements per trigger, most run first (calls, PostgreSQL ms):')
  for (const row of counts.top) {
    const query = `${row.nested ? '(nested) ' : ''}${row.query}`.slice(0, 150)
    console.log(`  ${per(row.calls).padStart(6)} ${(row.ms / executed).toFixed(3).padStart(7)}  ${query}`)
  }
  return sent
}

// The import's lead_created rows are the worker's to consume; done before the load, not during it.
const importOutbox = await drain(reads.unconsumedOutbox, 1000)
console.log(`\nthe import's outbox rows consumed by the worker: ${drainReport(importOutbox)}`)
const existing = await runSustained('A. Sustained, triggers naming an existing patient', false)
const newLeads = await runSustained('B. Sustained, triggers creating a new lead', true)

console.log(`\nC. Trigger → add_tag done: ${latencySamples} triggers paced at ${latencyRate} a second, existing patients, tenants in turn`)
const latencySince = await reads.now()
const latencyLoad = startLoad({
  url: triggerUrl,
  connections: 4,
  rate: latencyRate,
  count: latencySamples,
  next: createTriggerRequests(tenants, patients, false),
})
await latencyLoad.done
const latencyDrain = await drain(reads.backlog, 250)
if (!('seconds' in latencyDrain)) console.log(`  backlog ${drainReport(latencyDrain)}`)
const latencies = await reads.addTagLatencies(latencySince)
const [p50, p99] = [percentile(latencies, 50), percentile(latencies, 99)]
console.log(
  `  ${latencies.length} of ${latencySamples} add_tag runs finished: p50 ${ms(p50)} (${ratio(p50, tpcb?.transactionMs)}× a TPC-B transaction), ` +
    `p99 ${ms(p99)} (${ratio(p99, tpcb?.transactionMs)}×)`,
)

console.log('\nD. Job queue, empty claim (database bench_queue of the same cluster)')
await monitor.query('create database bench_queue')
const queueUrl = new URL(databaseUrl)
queueUrl.pathname = '/bench_queue'
const claimGrowths = await measureEmptyClaims({
  connectionString: queueUrl.toString(),
  histories: CLAIM_HISTORIES,
  claims,
  waiting: 0,
  tpcbMs: tpcb?.transactionMs,
})

/** "value, met (≤ target)", or "not measured". */
const against = (value: number | undefined, ok: (value: number) => boolean, shown: (value: number) => string, target: string) =>
  value === undefined ? 'not measured' : `${shown(value)}, ${met(ok(value))} (${target})`
const sustainedVerdict = (name: string, sustained: Sustained) => {
  const rate = sustained.executedPerSecond
  const ofTpcB = tpcb ? rate / tpcb.tps : undefined
  return [
    `${name}: ${against(rate, (r) => r >= TARGET.triggersPerSecond, (r) => `${r.toFixed(0)} triggers/s`, `≥ ${TARGET.triggersPerSecond}`)}`,
    against(ofTpcB, (share) => share >= TARGET.shareOfTpcB, (share) => `${(share * 100).toFixed(1)} % of TPC-B tps`, `≥ ${TARGET.shareOfTpcB * 100} %`),
    `backlog ${sustained.bounded ? 'bounded, met' : 'NOT bounded, NOT met'}`,
  ].join('; ')
}
const costVerdict = (name: string, sustained: Sustained) =>
  `${name}: CPU ${against(sustained.cpuMs, (cpuMs) => cpuMs <= TARGET.cpuMs, ms, `≤ ${TARGET.cpuMs} ms`)}; ` +
  `statements ${against(sustained.statementsPerTrigger, (count) => count <= TARGET.statements, (count) => count.toFixed(2), `≤ ${TARGET.statements}`)}`
console.log('\nverdict')
console.log(`  sustained end-to-end, ${sustainedVerdict('existing patient', existing)}`)
console.log(`  sustained end-to-end, ${sustainedVerdict('new lead', newLeads)}`)
console.log(`  per trigger, ${costVerdict('existing patient', existing)}`)
console.log(`  per trigger, ${costVerdict('new lead', newLeads)}`)
for (const verdict of claimVerdicts(claimGrowths, CLAIM_HISTORIES)) console.log(`  ${verdict}`)
const allRan = latencies.length === latencySamples
console.log(
  `  trigger → add_tag: p50 ${ms(p50)}, ${met(allRan && p50 <= TARGET.p50Ms)} (≤ ${TARGET.p50Ms} ms); ` +
    `p99 ${ms(p99)}, ${met(allRan && p99 <= TARGET.p99Ms)} (≤ ${TARGET.p99Ms} ms)${allRan ? '' : `; only ${latencies.length} of ${latencySamples} ran`}`,
)
await monitor.close()
await server.stop()
