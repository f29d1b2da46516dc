// WhatsApp broadcasts (issue 13): one API node and one worker node (at nice BENCH_WORKER_NICE, 10) on
// a fresh embedded PostgreSQL, the tenant's number sending to a local simulated Graph (an HTTP server
// in this process answering `POST /{phone-number-id}/messages` as Meta does) at BENCH_BROADCAST_RATE
// (500) a second.
//  A. GET /api/saas/health: p50/p95 of BENCH_SAMPLES (40) requests one after the other: the anchor.
//  B. Acceptance: BENCH_RUNS (5) broadcasts of BENCH_RECIPIENTS (10,000) recipients each (scheduled an
//     hour ahead, so they send nothing; cancelled afterwards), one after the other: the 202's p50.
//  C. Sending: one more broadcast of BENCH_RECIPIENTS, sent now: the rate Graph received from its first
//     call to its last against the configured rate, the time from 202 to `completed`, and the CPU per
//     message of the API node, the worker node and PostgreSQL (/proc).
// Then a verdict on each target (accepted in ≤ 300 ms, ≥ 95 % of the configured rate). Figures on a
// shared 2-core machine are indicative.
//   npm run bench:broadcast
//   BENCH_RECIPIENTS=100000 BENCH_BROADCAST_RATE=1000 npm run bench:broadcast
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { setBenchSecrets, startBenchServer } from './bench-server'
import { cpuBetween } from './cpu-meter'
import { connectMonitor } from './monitor-connection'
import { sequentialLatency } from './sequential-latency'
import { percentile } from './tenant-event-logs'

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const rate = setting('BENCH_BROADCAST_RATE', 500)
const recipients = setting('BENCH_RECIPIENTS', 10_000)
const runs = setting('BENCH_RUNS', 5)
const samples = setting('BENCH_SAMPLES', 40)
const TARGETS = { acceptedP50Ms: 300, rateShare: 0.95 }
const PHONE_NUMBER_ID = '106540352242933'
const SCHEMA = 'tenant_bench'

// The simulated Graph: a wamid for every send, and when each arrived.
const graphCalls: number[] = []
const graph = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    graphCalls.push(performance.now())
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: `wamid.bench${graphCalls.length}` }] }))
  })
})
await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve))
const graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}/v21.0`

const server = await startBenchServer({ separateWorker: true, env: { WHATSAPP_GRAPH_URL: graphUrl } })
const { url, tenantHeaders: headers } = server
await setBenchSecrets(server, { whatsappToken: 'EAAG-bench', whatsappPhoneNumberId: PHONE_NUMBER_ID, whatsappMessagesPerSecond: rate })
const monitor = await connectMonitor(server.databaseUrl!)
server.cpu?.countOut(monitor.backendPid)
await monitor.query(`insert into ${SCHEMA}.whatsapp_templates (name, language, status, category, components) values ($1, 'en_US', 'APPROVED', 'MARKETING', $2)`, [
  'health_camp_invite',
  JSON.stringify([{ type: 'BODY', text: 'Hi {{1}}, join our health camp on {{2}}!' }]),
])

const recipientList = (run: number) =>
  Array.from({ length: recipients }, (_, i) => ({ phone: `+91${String(7_000_000_000 + run * 1_000_000 + i)}`, variables: [`Guest ${i}`, 'March 20'] }))

async function broadcast(run: number, scheduledAt?: string) {
  const body = JSON.stringify({ name: `Bench ${run}`, templateName: 'health_camp_invite', recipients: recipientList(run), ...(scheduledAt ? { scheduledAt } : {}) })
  const started = performance.now()
  const answer = await fetch(`${url}/api/saas/chat/broadcast`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
  const json = (await answer.json()) as { data: { broadcastId: string; accepted: number } }
  const ms = performance.now() - started
  if (answer.status !== 202 || json.data.accepted !== recipients) throw new Error(`broadcast ${run}: ${answer.status} ${JSON.stringify(json)}`)
  return { id: json.data.broadcastId, ms }
}

// A. The anchor.
const health = await sequentialLatency(`${url}/api/saas/health`, {}, samples)

// B. Acceptance, nothing sent.
const inAnHour = new Date(Date.now() + 3_600_000).toISOString()
const accepted: { id: string; ms: number }[] = []
for (let run = 1; run <= runs; run += 1) accepted.push(await broadcast(run, inAnHour))
const acceptMs = accepted.map((each) => each.ms).sort((a, b) => a - b)
for (const { id } of accepted) await fetch(`${url}/api/saas/chat/broadcasts/${id}/cancel`, { method: 'POST', headers })

// C. Sending.
const cpuFrom = server.cpu?.sample()
const sendStarted = performance.now()
const sent = await broadcast(0)
let status = ''
while (status !== 'completed') {
  if (performance.now() - sendStarted > 600_000) throw new Error(`broadcast not completed after 600 s (${graphCalls.length} sent)`)
  await new Promise((resolve) => setTimeout(resolve, 200))
  const answer = await fetch(`${url}/api/saas/chat/broadcasts/${sent.id}`, { headers })
  status = ((await answer.json()) as { data: { status: string } }).data.status
}
const completedS = (performance.now() - sendStarted) / 1000
const cpu = cpuFrom && server.cpu ? cpuBetween(cpuFrom, server.cpu.sample(), graphCalls.length) : undefined
const spanS = (graphCalls.at(-1)! - graphCalls[0]!) / 1000
const achieved = (graphCalls.length - 1) / spanS

await monitor.close()
await server.stop()
graph.close()

const ms = (value: number) => value.toFixed(1).padStart(9)
const verdict = (met: boolean) => (met ? 'met' : 'NOT met')
console.log(`\n${'scenario'.padEnd(44)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'× health'.padStart(10)}  target`)
console.log(`${'GET /api/saas/health'.padEnd(44)}${ms(health.p50)}${ms(health.p95)}${'1.0'.padStart(10)}`)
const acceptP50 = percentile(acceptMs, 50)
console.log(`${`broadcast of ${recipients} accepted (${runs} runs)`.padEnd(44)}${ms(acceptP50)}${ms(acceptMs.at(-1)!)}${(acceptP50 / health.p50).toFixed(0).padStart(10)}  p50 ≤ ${TARGETS.acceptedP50Ms} ms: ${verdict(acceptP50 <= TARGETS.acceptedP50Ms)}`)
console.log(`\nsent ${graphCalls.length} messages: ${achieved.toFixed(0)}/s achieved of ${rate}/s configured (${((achieved / rate) * 100).toFixed(1)} %; target ≥ ${TARGETS.rateShare * 100} %: ${verdict(achieved / rate >= TARGETS.rateShare)})`)
console.log(`202 → completed in ${completedS.toFixed(1)} s (Graph's first to last call ${spanS.toFixed(1)} s)`)
if (cpu) console.log(`CPU per message: ${Object.entries(cpu).map(([name, value]) => `${name} ${value.toFixed(2)} ms`).join(', ')}`)
