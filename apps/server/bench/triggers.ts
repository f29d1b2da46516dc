// Trigger throughput and latency next to GET /api/saas/health in the same run, then the time from a
// trigger to its immediate action being done. Two rules match every trigger: add_tag and a sandboxed
// (mock_ token) WhatsApp send. Triggers name one of 1000 existing leads (a clinic's known patients);
// BENCH_NEW_LEADS=1 creates a lead per trigger instead. One API node and one worker node share the
// database (BENCH_TOPOLOGY=all runs both in one process). The rate limit is raised for the run.
//   npm run bench:triggers
//   BENCH_DURATION_S=10 BENCH_CONNECTIONS=50 npm run bench:triggers
import autocannon from 'autocannon'
import { header, row, startBenchServer } from './bench-server'

const duration = Number(process.env.BENCH_DURATION_S ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
const latencySamples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200)
const topology = process.env.BENCH_TOPOLOGY === 'all' ? 'all' : 'split'
const server = await startBenchServer({ env: { ECODRIX_TRIGGER_RATE_LIMIT: '100000000' }, separateWorker: topology === 'split' })
const { url, adminKey, tenantHeaders, cpu, statements } = server
const json = { ...tenantHeaders, 'content-type': 'application/json' }

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = json) {
  const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const parsed = (await response.json()) as { success: boolean; data: any }
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`)
  return parsed.data
}

await call('POST', '/api/clients/bench/secrets', { whatsappToken: 'mock_bench', whatsappPhoneNumberId: '100000000000001' }, {
  authorization: `Bearer ${adminKey}`,
  'content-type': 'application/json',
})
for (const [name, action] of [
  ['Tag new bookings', { type: 'add_tag', config: { tag: 'booked' } }],
  ['Confirm on WhatsApp', { type: 'send_whatsapp', config: { templateName: 'appointment_confirmed', language: 'en_US' } }],
] as const) {
  await call('POST', '/api/crm/automations', { name, trigger: 'appointment_confirmed', actions: [action] })
}

const PATIENTS = 1000
const patientPhone = (index: number) => `+91700000${String(index % PATIENTS).padStart(4, '0')}`
await call('POST', '/api/crm/leads/import', {
  leads: Array.from({ length: PATIENTS }, (_, index) => ({ firstName: `Patient ${index}`, phone: patientPhone(index), source: 'website' })),
})
const newLeads = process.env.BENCH_NEW_LEADS === '1'
let sent = 0
const triggerBody = () =>
  JSON.stringify({
    trigger: 'appointment_confirmed',
    phone: newLeads ? `+9171${String(sent++).padStart(8, '0')}` : patientPhone(sent++),
    variables: { patientName: 'Ravi Kumar', doctorName: 'Dr. Sharma' },
    ...(newLeads ? { createLeadIfMissing: true, leadData: { firstName: 'Ravi', source: 'website' } } : {}),
  })

console.log(`ECODrIx trigger bench: ${connections} connections, ${duration} s per scenario, ${topology === 'split' ? 'API + worker nodes' : 'one node'}, Node ${process.version}`)
console.log(header)
const health = { url: `${url}/api/saas/health`, connections, duration }
await autocannon({ ...health, duration: 1 })
const healthCpu = cpu?.sample()
const healthResult = await autocannon(health)
console.log(row('GET /api/saas/health', healthResult))
if (cpu && healthCpu) console.log(`  CPU per request: ${cpu.perRequest(healthCpu, cpu.sample(), healthResult.requests.total)}`)
const trigger = {
  url: `${url}/api/saas/workflows/trigger`,
  method: 'POST' as const,
  headers: json,
  connections,
  duration,
  requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: triggerBody() }) }],
} satisfies autocannon.Options
const drainBacklog = async () => {
  while ((await call('GET', '/api/saas/health/client', undefined, tenantHeaders)).queueDepth > 0) {
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
await autocannon({ ...trigger, duration: 1 })
await drainBacklog()
const triggerCpu = cpu?.sample()
await statements?.reset()
const triggerResult = await autocannon(trigger)
console.log(row('POST /api/saas/workflows/trigger (2 rules)', triggerResult))
console.log(
  `trigger / health: throughput ${(triggerResult.requests.average / healthResult.requests.average).toFixed(2)}, ` +
    `p99 latency ${(triggerResult.latency.p99 / Math.max(1, healthResult.latency.p99)).toFixed(2)}`,
)

// The load above left a backlog of actions; latency is measured once the worker has caught up.
const drainStarted = Date.now()
await drainBacklog()
const drained = triggerResult.requests.total
console.log(`worker drained the ${drained} triggers' backlog ${((Date.now() - drainStarted) / 1000).toFixed(1)} s after the load ended`)
if (cpu && triggerCpu) console.log(`  CPU per trigger (load and drain): ${cpu.perRequest(triggerCpu, cpu.sample(), drained)}`)
await statements?.print(drained)

// Trigger → immediate action: from the event log's creation to the add_tag run's end (both server clock).
const fired: string[] = []
for (let i = 0; i < latencySamples; i += 1) {
  const { eventLogId } = await call('POST', '/api/saas/workflows/trigger', JSON.parse(triggerBody()))
  fired.push(eventLogId)
  await new Promise((resolve) => setTimeout(resolve, 20))
}
const measured: number[] = []
for (const eventLogId of fired) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const log = await call('GET', `/api/saas/events/logs/${eventLogId}`, undefined, tenantHeaders)
    const tag = log.actions.find((action: { type: string }) => action.type === 'add_tag')
    if (tag?.finishedAt) {
      measured.push(new Date(tag.finishedAt).getTime() - new Date(log.createdAt).getTime())
      break
    }
    if (Date.now() > deadline) throw new Error(`event ${eventLogId} did not run its actions`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
measured.sort((a, b) => a - b)
const percentile = (p: number) => measured[Math.min(measured.length - 1, Math.floor((p / 100) * measured.length))] ?? 0
console.log(`trigger → add_tag done (${measured.length} sequential triggers): p50 ${percentile(50)} ms, p99 ${percentile(99)} ms`)
await server.stop()
