// The WhatsApp inbox at scale: one API node and one worker node (at nice BENCH_WORKER_NICE, 10) on a
// fresh embedded PostgreSQL, the tenant's schema seeded with BENCH_CONVERSATIONS (100,000)
// conversations and BENCH_MESSAGES_PER_CONVERSATION (10) messages each (1,000,000) by generate_series.
//  A. The conversation list, search + filter (the target) and filters alone: p50/p95 over
//     BENCH_SAMPLES (40) requests one after the other, next to GET /api/saas/health's, as a ratio.
//  B. Meta's webhook: signed deliveries (one inbound text each, a new wamid, a seeded contact) to
//     POST /api/webhooks/whatsapp paced at BENCH_WEBHOOK_RATE (200) a second for BENCH_WEBHOOK_S
//     (15) s over 8 keep-alive connections, the worker applying them meanwhile: the acknowledgement's
//     p50/p99, next to GET /api/saas/health paced the same way just before; then the same load with
//     the worker frozen (SIGSTOP), the API node alone on the machine as when workers run elsewhere.
//  C. Delivery → `message:new` on a WebSocket (GET /api/saas/realtime, on the API node; the frame
//     comes from the worker through PostgreSQL): p50/p99 over BENCH_SOCKET_SAMPLES (200) deliveries
//     paced at BENCH_SOCKET_RATE (20) a second, once B's backlog is applied.
// Then a verdict (met / NOT met) on each target of the inbox issue. Figures on a shared 2-core
// machine are indicative.
//   npm run bench:inbox
//   BENCH_CONVERSATIONS=10000 npm run bench:inbox
import { createHmac, randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { setBenchSecrets, startBenchServer } from './bench-server'
import { connectMonitor } from './monitor-connection'
import { startLoad } from './paced-load'
import { sequentialLatency } from './sequential-latency'
import { percentile } from './tenant-event-logs'

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const conversations = setting('BENCH_CONVERSATIONS', 100_000)
const messagesPerConversation = setting('BENCH_MESSAGES_PER_CONVERSATION', 10)
const samples = setting('BENCH_SAMPLES', 40)
const webhookRate = setting('BENCH_WEBHOOK_RATE', 200)
const webhookSeconds = setting('BENCH_WEBHOOK_S', 15)
const socketSamples = setting('BENCH_SOCKET_SAMPLES', 200)
const socketRate = setting('BENCH_SOCKET_RATE', 20)
const TARGETS = { listP95: 50, ackP99: 20, socketP50: 50 }
const PHONE_NUMBER_ID = '106540352242922'
const APP_SECRET = randomBytes(16).toString('hex')
const SCHEMA = 'tenant_bench'

const server = await startBenchServer({ separateWorker: true })
const { url, tenantHeaders: headers } = server
await setBenchSecrets(server, { whatsappToken: 'mock_bench', whatsappPhoneNumberId: PHONE_NUMBER_ID, whatsappAppSecret: APP_SECRET })
const monitor = await connectMonitor(server.databaseUrl!)

// A seeded contact's number, as Meta sends it (digits, country code first) and as stored (E.164).
const contactDigits = (i: number) => `9190${String(i).padStart(8, '0')}`

console.log(`seeding ${conversations} conversations and ${conversations * messagesPerConversation} messages…`)
const seedStarted = performance.now()
// Spread as an inbox is: open and closed, a few unread, eight agents, three tags, a year of activity.
await monitor.query(`
  insert into ${SCHEMA}.conversations
    (phone, name, status, assigned_to, tags, unread_count, last_message_at, last_message_preview, last_inbound_at)
  select '+' || '9190' || lpad(i::text, 8, '0'), 'Contact ' || i || ' ' || (array['Kumar','Sharma','Patel','Singh','Rao'])[1 + i % 5],
         case when i % 4 = 0 then 'closed' else 'open' end, case when i % 3 = 0 then null else 'agent' || (i % 8) end,
         case when i % 5 = 0 then array['vip'] when i % 5 = 1 then array['lead','follow_up'] else array[]::text[] end,
         case when i % 20 = 0 then 1 + i % 4 else 0 end,
         now() - (i || ' minutes')::interval, 'Message ' || i, now() - (i || ' minutes')::interval
  from generate_series(1, $1::int) as i`, [conversations])
await monitor.query(`
  insert into ${SCHEMA}.messages (conversation_id, wamid, direction, type, status, body, created_at)
  select c.id, 'wamid.bench' || md5(c.id::text || k), case when k % 2 = 0 then 'outbound' else 'inbound' end, 'text',
         case when k % 2 = 0 then 'read' else 'received' end, 'Message ' || k, c.last_message_at - ((10 - k) || ' minutes')::interval
  from ${SCHEMA}.conversations c cross join generate_series(1, $1::int) as k`, [messagesPerConversation])
// Vacuumed as autovacuum would after such a load, so it does not start during the measurements.
for (const table of ['conversations', 'messages']) await monitor.query(`vacuum analyze ${SCHEMA}.${table}`)
console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`)

// A. Sequential reads.
const sequential = (path: string) => sequentialLatency(`${url}${path}`, headers, samples)
const health = await sequential('/api/saas/health')
const lists: [string, string, boolean][] = [
  ['list: search name + status', '/api/saas/chat/conversations?search=contact%2012&status=open&limit=25', true],
  ['list: search phone + unread', '/api/saas/chat/conversations?search=91900001&unread=true&limit=25', true],
  ['list: assignedTo + tag', '/api/saas/chat/conversations?assignedTo=agent3&tag=vip&limit=25', false],
  ['list: newest first, page 20', '/api/saas/chat/conversations?limit=25&page=20', false],
]
const listResults = []
for (const [name, path, targeted] of lists) listResults.push({ name, targeted, ...(await sequential(path)) })

// B. Signed deliveries, paced.
let delivered = 0
function signedDelivery(text: string, wamid = `wamid.HBgM${randomBytes(12).toString('hex').toUpperCase()}`) {
  delivered += 1
  const from = contactDigits(1 + ((delivered * 7919) % conversations))
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '102938475610293', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
      contacts: [{ profile: { name: 'Bench Contact' }, wa_id: from }],
      messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
    } }] }],
  })
  const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`
  return { wamid, request: { headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body } }
}

async function paced(path: string, next: () => { headers: Record<string, string>; body: string }, method = 'POST') {
  const load = startLoad({ url: `${url}${path}`, connections: 8, rate: webhookRate, count: webhookRate * webhookSeconds, next, method })
  await load.done
  const times = load.answers.map((answer) => answer.ms).sort((a, b) => a - b)
  const failed = load.answers.filter((answer) => answer.status !== 200).length
  return { p50: percentile(times, 50), p99: percentile(times, 99), failed }
}
const pacedHealth = await paced('/api/saas/health', () => ({ headers: {}, body: '' }), 'GET')
const ack = await paced('/api/webhooks/whatsapp', () => signedDelivery('Is 3 PM free?').request)
// The same load with the worker frozen: what the acknowledgement costs when the API node has the machine.
const resumeWorker = server.pauseWorker()
const ackAlone = await paced('/api/webhooks/whatsapp', () => signedDelivery('Is 4 PM free?').request).finally(resumeWorker)

// The worker applies the backlog before C, so C measures the path, not a queue.
const drainStarted = performance.now()
for (;;) {
  const [pending] = await monitor.query<{ n: number }>(`select count(*)::int as n from whatsapp_webhook_deliveries where status = 'pending'`)
  if (pending!.n === 0) break
  if (performance.now() - drainStarted > 180_000) throw new Error(`${pending!.n} deliveries still pending after 180 s`)
  await new Promise((resolve) => setTimeout(resolve, 200))
}
const drainS = (performance.now() - drainStarted) / 1000

// C. Delivery → message:new on a socket.
const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/saas/realtime`, { headers })
await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
const sentAt = new Map<string, number>()
const latencies: number[] = []
socket.on('message', (data) => {
  const frame = JSON.parse(data.toString()) as { type: string; data: { wamid?: string } }
  const started = frame.type === 'message:new' && frame.data.wamid ? sentAt.get(frame.data.wamid) : undefined
  if (started !== undefined) latencies.push(performance.now() - started)
})
for (let i = 0; i < socketSamples; i += 1) {
  const { wamid, request } = signedDelivery(`Socket sample ${i}`)
  sentAt.set(wamid, performance.now())
  const answer = await fetch(`${url}/api/webhooks/whatsapp`, { method: 'POST', headers: request.headers, body: request.body })
  await answer.arrayBuffer()
  await new Promise((resolve) => setTimeout(resolve, 1000 / socketRate))
}
const socketDeadline = performance.now() + 30_000
while (latencies.length < socketSamples && performance.now() < socketDeadline) await new Promise((resolve) => setTimeout(resolve, 50))
socket.close()
latencies.sort((a, b) => a - b)

const ms = (value: number) => value.toFixed(1).padStart(9)
const verdict = (value: number, target: number) => `≤ ${target} ms ${value <= target ? 'met' : 'NOT met'}`
console.log(`\nA. conversation list at ${conversations} conversations, ${conversations * messagesPerConversation} messages (${samples} requests each, one at a time)`)
console.log(`${'scenario'.padEnd(32)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'× health'.padStart(10)}  status  target (p95)`)
console.log(`${'GET /api/saas/health'.padEnd(32)}${ms(health.p50)}${ms(health.p95)}${'1.0'.padStart(10)}  ${health.status}`)
for (const list of listResults) {
  const target = list.targeted ? verdict(list.p95, TARGETS.listP95) : ''
  console.log(`${list.name.padEnd(32)}${ms(list.p50)}${ms(list.p95)}${(list.p95 / health.p95).toFixed(1).padStart(10)}  ${list.status}     ${target}`)
}
console.log(`\nB. ${webhookRate} requests/s for ${webhookSeconds} s, 8 connections (the worker applying the deliveries meanwhile)`)
console.log(`${'scenario'.padEnd(32)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'× health'.padStart(10)}  failed  target (p99)`)
console.log(`${'GET /api/saas/health'.padEnd(32)}${ms(pacedHealth.p50)}${ms(pacedHealth.p99)}${'1.0'.padStart(10)}  ${String(pacedHealth.failed).padEnd(6)}`)
console.log(`${'webhook acknowledgement'.padEnd(32)}${ms(ack.p50)}${ms(ack.p99)}${(ack.p99 / pacedHealth.p99).toFixed(1).padStart(10)}  ${String(ack.failed).padEnd(6)}  ${verdict(ack.p99, TARGETS.ackP99)}`)
console.log(`${'acknowledgement, worker frozen'.padEnd(32)}${ms(ackAlone.p50)}${ms(ackAlone.p99)}${(ackAlone.p99 / pacedHealth.p99).toFixed(1).padStart(10)}  ${String(ackAlone.failed).padEnd(6)}  ${verdict(ackAlone.p99, TARGETS.ackP99)}`)
console.log(`the worker applied the backlog ${drainS.toFixed(1)} s after the last delivery`)
console.log(`\nC. delivery → message:new on a socket, ${socketSamples} deliveries at ${socketRate}/s (${latencies.length} frames received)`)
console.log(`${'delivery → socket'.padEnd(32)}${ms(percentile(latencies, 50))}${ms(percentile(latencies, 99))}   target (p50) ${verdict(percentile(latencies, 50), TARGETS.socketP50)}`)

await monitor.close()
await server.stop()
process.exit(0)
