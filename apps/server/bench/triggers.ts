// Triggers against one API node and one worker node sharing a fresh embedded PostgreSQL
// (BENCH_TOPOLOGY=all runs both in one process), at the product's rate limit of 60 triggers a minute
// per tenant (ECODRIX_TRIGGER_RATE_LIMIT is left unset). BENCH_TENANTS tenants (100) each have
// BENCH_LEADS_PER_TENANT imported patients (200) and two rules matching every trigger: add_tag and a
// sandboxed (mock_ token) WhatsApp send. A trigger names an existing patient; BENCH_NEW_LEADS=1
// creates a lead per trigger instead.
//  A. Capacity: closed loop at BENCH_CONNECTIONS (50) for BENCH_DURATION_S (5) each, GET
//     /api/saas/health, then POST /api/saas/workflows/trigger to the tenants in turn: req/s, p50/p99,
//     the ratio, CPU per request, the backlog's drain, BENCH_PG_STATEMENTS=1 the statements run. At
//     saturation its latency is connections / throughput (Little's law): it measures capacity.
//  B. Tenants at their rate limit: BENCH_RATE_TENANTS (50) tenants sending 1 trigger a second each, one
//     connection per tenant, seconds staggered (paced-load.ts), for BENCH_RATE_DURATION_S (15), after
//     GET /api/saas/health at the same rate and a 2 s trigger warm-up: p50/p99, the p99 ratio, and
//     whether the worker kept up.
//  Then trigger → add_tag done over BENCH_LATENCY_SAMPLES (200) sequential triggers, tenants in turn,
//  and a verdict on the targets: trigger p99 under 50 ms in B, action p50 under 50 ms.
//   npm run bench:triggers
//   BENCH_TENANTS=200 BENCH_DURATION_S=10 npm run bench:triggers
import autocannon from 'autocannon'
import { header, row, startBenchServer, workerNice } from './bench-server'
import { createTriggerBodies, createTriggerLedger, setUpTenants } from './bench-tenants'
import { runPaced } from './paced-load'
import { measureActionLatency, percentile, waitForEmptyQueues } from './worker-checks'

const RATE_LIMIT = 60
const TARGET_MS = 50
const RATE_WARM_UP_S = 2
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const duration = setting('BENCH_DURATION_S', 5)
const connections = setting('BENCH_CONNECTIONS', 50)
const latencySamples = setting('BENCH_LATENCY_SAMPLES', 200)
const tenantCount = setting('BENCH_TENANTS', 100)
const patients = setting('BENCH_LEADS_PER_TENANT', 200)
const rateTenantCount = Math.min(setting('BENCH_RATE_TENANTS', 50), tenantCount)
const rateDuration = setting('BENCH_RATE_DURATION_S', 15)
const topology = process.env.BENCH_TOPOLOGY === 'all' ? 'all' : 'split'

// No tenant is sent more than RATE_LIMIT triggers over the whole run, warm-ups included, so no
// one-minute window can hold more, wherever the windows fall: no waiting for the database's next
// minute. Scenario B (each run one on connecting, then one a second) and the latency samples take
// their share first; scenario A, round-robin over all tenants, gets the rest.
const rateShare = RATE_WARM_UP_S + 1 + rateDuration + 1
const capacityBudget = tenantCount * (RATE_LIMIT - rateShare - Math.ceil(latencySamples / tenantCount))
const warmUpBudget = Math.floor(capacityBudget / 5)
if (warmUpBudget < connections) {
  throw new Error(`scenario A would have ${capacityBudget} triggers: raise BENCH_TENANTS or lower BENCH_RATE_DURATION_S or BENCH_LATENCY_SAMPLES`)
}

const server = await startBenchServer({ separateWorker: topology === 'split' })
const { url, cpu, statements } = server
console.log(
  `ECODrIx trigger bench: ${tenantCount} tenants × ${patients} patients, ${RATE_LIMIT} triggers a minute per tenant, ` +
    `${topology === 'split' ? `API + worker nodes (worker at nice ${workerNice})` : 'one node'}, Node ${process.version}`,
)
const setupStarted = Date.now()
const tenants = await setUpTenants(server, tenantCount, patients)
console.log(`tenants set up in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`)
const ledger = createTriggerLedger(tenants)
const nextBody = createTriggerBodies(patients, process.env.BENCH_NEW_LEADS === '1')
const triggerUrl = `${url}/api/saas/workflows/trigger`
let rateLimited = 0
const countRateLimited = (result: autocannon.Result) => {
  rateLimited += result.statusCodeStats?.['429']?.count ?? 0
  return result
}

console.log(`\nA. Capacity: closed loop, ${connections} connections, ${duration} s, triggers to the ${tenantCount} tenants in turn`)
console.log(header)
const health = { url: `${url}/api/saas/health`, connections, duration }
await autocannon({ ...health, duration: 1 })
const healthCpu = cpu?.sample()
const healthResult = await autocannon(health)
console.log(row('GET /api/saas/health', healthResult))
if (cpu && healthCpu) console.log(`  CPU per request: ${cpu.perRequest(healthCpu, cpu.sample(), healthResult.requests.total)}`)
const capacityLoad = (maxOverallRequests: number) =>
  ({
    url: triggerUrl,
    method: 'POST',
    connections,
    duration,
    maxOverallRequests,
    requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: ledger.nextTenant().headers, body: nextBody() }) }],
  }) satisfies autocannon.Options
countRateLimited(await autocannon({ ...capacityLoad(warmUpBudget), duration: 1 }))
await waitForEmptyQueues(url, tenants)
const triggerCpu = cpu?.sample()
await statements?.reset()
const triggerResult = countRateLimited(await autocannon(capacityLoad(capacityBudget - ledger.total())))
console.log(row('POST /api/saas/workflows/trigger (2 rules)', triggerResult))
if (triggerResult.duration < duration - 0.5) console.log(`  stopped after ${triggerResult.duration} s at the tenants' allowance (raise BENCH_TENANTS)`)
console.log(
  `trigger / health: throughput ${(triggerResult.requests.average / healthResult.requests.average).toFixed(2)}, ` +
    `p99 latency ${(triggerResult.latency.p99 / Math.max(1, healthResult.latency.p99)).toFixed(2)}`,
)
const capacityDrain = await waitForEmptyQueues(url, tenants)
const drained = triggerResult.requests.total
console.log(`worker drained the ${drained} triggers' backlog ${capacityDrain.seconds.toFixed(1)} s after the load ended`)
if (cpu && triggerCpu) console.log(`  CPU per trigger (load and drain): ${cpu.perRequest(triggerCpu, cpu.sample(), drained)}`)
await statements?.print(drained)

// Connection i sends tenant i's triggers, so each of the first BENCH_RATE_TENANTS tenants gets 1 a second.
console.log(`\nB. Tenants at their rate limit: ${rateTenantCount} tenants × 1 trigger/s, a connection each, ${rateDuration} s`)
console.log(header)
const paced = { url: `${url}/api/saas/health`, connections: rateTenantCount, duration: rateDuration }
const rateHealth = await runPaced(paced)
console.log(row('GET /api/saas/health', rateHealth))
const rateTriggers = (seconds: number) =>
  runPaced({
    ...paced,
    url: triggerUrl,
    method: 'POST',
    duration: seconds,
    setupRequestFor: (index) => (request) => ({ ...request, headers: ledger.tenant(index).headers, body: nextBody() }),
  })
countRateLimited(await rateTriggers(RATE_WARM_UP_S))
const rateCpu = cpu?.sample()
const rateTrigger = countRateLimited(await rateTriggers(rateDuration))
console.log(row('POST /api/saas/workflows/trigger (2 rules)', rateTrigger))
if (cpu && rateCpu) console.log(`  CPU per trigger (steady state, no polling): ${cpu.perRequest(rateCpu, cpu.sample(), rateTrigger.requests.total)}`)
if (rateTrigger.requests.average < 0.95 * rateTenantCount) {
  console.log(`  answered ${Math.round(rateTrigger.requests.average)} of ${rateTenantCount} triggers a second offered: each tenant's next trigger waited for its last answer`)
}
console.log(`trigger / health: p99 latency ${(rateTrigger.latency.p99 / Math.max(1, rateHealth.latency.p99)).toFixed(2)}`)
const rateDrain = await waitForEmptyQueues(url, tenants.slice(0, rateTenantCount))
console.log(
  `worker ${rateDrain.seconds <= 1 ? 'kept up' : 'fell behind'}: ${rateDrain.backlog} jobs queued when the load ended, ` +
    `queues empty ${rateDrain.seconds.toFixed(1)} s later`,
)

const latencies = await measureActionLatency(url, ledger, latencySamples, nextBody)
const actionP50 = percentile(latencies, 50)
console.log(`\ntrigger → add_tag done (${latencies.length} sequential triggers, tenants in turn): p50 ${actionP50} ms, p99 ${percentile(latencies, 99)} ms`)
console.log(`triggers sent to one tenant over the whole run: at most ${ledger.mostSentToOneTenant()} (limit ${RATE_LIMIT} a minute)`)
if (rateLimited > 0) console.log(`WARNING: ${rateLimited} triggers were refused with 429 (rate limited); the figures above include them`)
const verdict = (name: string, ms: number) => `${name} ${ms} ms, ${ms < TARGET_MS ? 'met' : 'NOT met'} (target < ${TARGET_MS} ms)`
console.log(`verdict: ${verdict('trigger p99 at the rate limit (B)', rateTrigger.latency.p99)}; ${verdict('trigger → add_tag p50', actionP50)}`)
await server.stop()
