import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import pino from 'pino'
import { senderJob } from '../../src/areas/inbox/sending/sender-job'
import { type RunningServer, startServer } from '../../src/server'
import { adminHeaders, request } from '../helpers/http'
import { deliverToWebhook, inboundTextDelivery } from '../helpers/meta-webhook'
import { simulateThirdParties } from '../helpers/network-edge'
import { openSocket, type TestSocket } from '../helpers/realtime-socket'
import type { TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'

const GRAPH = 'https://graph.facebook.com/v21.0'
const CLINIC_NUMBER = '109876543210987'
const PACED_NUMBER = '109876543210990'
const APP_SECRET = 'clinic-app-secret'
/** Contacts the simulated Graph answers as Meta does in trouble. */
const THROTTLED_ONCE = '919800000001'
const ALWAYS_DOWN = '919800000003'

interface GraphCall {
  at: number
  phoneNumberId: string
  authorization: string | null
  body: any
}
const graphCalls: GraphCall[] = []
let wamids = 0

const graphError = (status: number, code: number, message: string, details: string) =>
  HttpResponse.json({ error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: 'AbCdEfGh' } }, { status })

const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req, params }) => {
    const body = (await req.json()) as any
    graphCalls.push({ at: Date.now(), phoneNumberId: String(params.phoneNumberId), authorization: req.headers.get('authorization'), body })
    const earlier = graphCalls.filter((call) => call.body.to === body.to).length - 1
    if (body.to === THROTTLED_ONCE && earlier === 0) {
      return graphError(429, 130429, 'Rate limit hit', 'Message failed to send because there were too many messages sent from this phone number in a short period of time')
    }
    if (body.to === ALWAYS_DOWN) return graphError(503, 131000, 'Something went wrong', 'Something went wrong')
    if (body.template?.name === 'three_params') {
      return graphError(400, 132000, 'Number of parameters does not match the expected number of params', 'body: number of localizable_params (1) does not match the expected number of params (3)')
    }
    wamids += 1
    return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.HBgMOTE5ODAwMDAwMDAwFQIAERgS${wamids}` }] })
  }),
)

const setSecrets = (target: TestTenant, secrets: Record<string, unknown>) =>
  request(env.server, 'POST', `/api/clients/${target.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'WA Send Clinic', sandbox: 'WA Send Sandbox', paced: 'WA Send Paced' },
  seed: async () => {
    await setSecrets(env.clinic, { whatsappToken: 'EAAG-live-token', whatsappPhoneNumberId: CLINIC_NUMBER, whatsappAppSecret: APP_SECRET })
    await setSecrets(env.sandbox, { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: '109876543210988' })
    await setSecrets(env.paced, { whatsappToken: 'EAAG-paced-token', whatsappPhoneNumberId: PACED_NUMBER, whatsappMessagesPerSecond: 2 })
    for (const tenant of [env.clinic, env.sandbox, env.paced]) {
      for (const name of ['appointment_confirmed', 'three_params']) {
        await insertWhatsappTemplate(env.server, tenant, { name, language: 'en_US', status: 'APPROVED' })
      }
    }
  },
})
after(() => graph.close())

let phones = 0
/** A contact's number no other test uses: E.164 and as Graph writes it. */
function newContact() {
  phones += 1
  const digits = `9198${String(10_000_000 + phones)}`
  return { e164: `+${digits}`, digits }
}

const send = (tenant: TestTenant, body: Record<string, unknown>) => request(env.server, 'POST', '/api/saas/chat/send', { headers: tenant.headers, json: body })

/** The contact writes to the clinic `hoursAgo` hours ago, through Meta's webhook; answers their conversation. */
async function contactWrites(digits: string, hoursAgo = 0) {
  const at = new Date(Date.now() - hoursAgo * 3_600_000)
  const wamid = `wamid.HBgM${digits}FQIAEhgUM0VCMDUz`
  await deliverToWebhook(env.server, APP_SECRET, inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from: digits, text: 'Is 3 PM free?', at, wamid }))
  const conversation = await waitFor('the inbound message applied', () => conversationOf(env.clinic, `+${digits}`))
  const messages = await waitFor('the inbound message listed', async () => (await messagesOf(env.clinic, conversation.id)).find((m: any) => m.wamid === wamid))
  return { conversation, inbound: messages }
}

async function conversationOf(tenant: TestTenant, phone: string) {
  const listed = await request(env.server, 'GET', `/api/saas/chat/conversations?search=${encodeURIComponent(phone)}`, { headers: tenant.headers })
  return listed.body.data?.find((conversation: any) => conversation.phone === phone)
}

async function messagesOf(tenant: TestTenant, conversationId: string): Promise<any[]> {
  const listed = await request(env.server, 'GET', `/api/saas/chat/conversations/${conversationId}/messages?limit=100`, { headers: tenant.headers })
  return listed.body.data
}

/** The message once it has left `queued` (sent, failed, …). */
async function settled(tenant: TestTenant, message: { id: string; conversationId: string }, status = (s: string) => s !== 'queued') {
  return waitFor(`message ${message.id} settled`, async () => (await messagesOf(tenant, message.conversationId)).find((m) => m.id === message.id && status(m.status)))
}

const callsTo = (digits: string) => graphCalls.filter((call) => call.body.to === digits)

test('a text inside the service window is queued, then reaches Graph with Meta’s body and is sent', async () => {
  const contact = newContact()
  const { conversation } = await contactWrites(contact.digits)
  const answer = await send(env.clinic, { to: contact.e164, text: 'Yes, 3 PM works. See https://clinic.example.com/map' })
  assert.equal(answer.status, 201, JSON.stringify(answer.body))
  const queued = answer.body.data
  assert.deepEqual(
    { conversationId: queued.conversationId, direction: queued.direction, type: queued.type, status: queued.status, text: queued.text, wamid: queued.wamid },
    { conversationId: conversation.id, direction: 'outbound', type: 'text', status: 'queued', text: 'Yes, 3 PM works. See https://clinic.example.com/map', wamid: null },
  )

  const sent = await settled(env.clinic, queued)
  assert.equal(sent.status, 'sent')
  assert.match(sent.wamid, /^wamid\./)
  assert.ok(sent.sentAt)
  assert.deepEqual(callsTo(contact.digits), [
    {
      at: callsTo(contact.digits)[0]!.at,
      phoneNumberId: CLINIC_NUMBER,
      authorization: 'Bearer EAAG-live-token',
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: contact.digits,
        type: 'text',
        text: { body: 'Yes, 3 PM works. See https://clinic.example.com/map', preview_url: true },
      },
    },
  ])
  const listed = await conversationOf(env.clinic, contact.e164)
  assert.equal(listed.lastMessagePreview, 'Yes, 3 PM works. See https://clinic.example.com/map')
})

test('free-form text outside the 24-hour window is refused with 422; a template is sent, and creates the conversation', async () => {
  const lapsed = newContact()
  await contactWrites(lapsed.digits, 25)
  const refused = await send(env.clinic, { to: lapsed.e164, text: 'Are you still there?' })
  assert.equal(refused.status, 422)
  assert.equal(refused.body.code, 'OUTSIDE_SERVICE_WINDOW')

  const stranger = newContact()
  const lead = await request(env.server, 'POST', '/api/crm/leads', { headers: env.clinic.headers, json: { firstName: 'Meera', phone: stranger.e164 } })
  assert.equal((await send(env.clinic, { to: stranger.e164, mediaUrl: 'https://cdn.example.com/a.jpg', mediaType: 'image' })).body.code, 'OUTSIDE_SERVICE_WINDOW')
  assert.equal(await conversationOf(env.clinic, stranger.e164), undefined, 'a refused send creates no conversation')

  const answer = await send(env.clinic, { to: stranger.e164, templateName: 'appointment_confirmed', templateLanguage: 'en_US', variables: ['Meera', 'Dr. Sharma', '3:00 PM'] })
  assert.equal(answer.status, 201, JSON.stringify(answer.body))
  const conversation = await conversationOf(env.clinic, stranger.e164)
  assert.equal(conversation.leadId, lead.body.data.id, 'the new conversation is linked to the lead with that phone')
  assert.equal(conversation.id, answer.body.data.conversationId)
  assert.equal((await settled(env.clinic, answer.body.data)).status, 'sent')
  assert.deepEqual(callsTo(stranger.digits).map((call) => call.body), [
    {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: stranger.digits,
      type: 'template',
      template: {
        name: 'appointment_confirmed',
        language: { code: 'en_US' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Meera' }, { type: 'text', text: 'Dr. Sharma' }, { type: 'text', text: '3:00 PM' }] }],
      },
    },
  ])
})

test('media and replies reach Graph as Meta’s media objects and context, in the order they were queued', async () => {
  const contact = newContact()
  const { inbound } = await contactWrites(contact.digits)
  const bodies = [
    { mediaUrl: 'https://cdn.example.com/x-ray.jpg', mediaType: 'image', caption: 'Your X-ray', replyTo: inbound.id },
    { mediaUrl: 'https://cdn.example.com/files/Prescription%20May.pdf', mediaType: 'document', caption: 'Prescription' },
    { mediaUrl: 'https://cdn.example.com/note.ogg', mediaType: 'audio' },
    { mediaUrl: 'https://cdn.example.com/clinic.mp4', mediaType: 'video' },
    { text: 'Anything else?' },
  ]
  const queued = []
  for (const body of bodies) {
    const answer = await send(env.clinic, { to: contact.e164, ...body })
    assert.equal(answer.status, 201, JSON.stringify(answer.body))
    queued.push(answer.body.data)
  }
  assert.deepEqual(queued[0].replyTo, { id: inbound.id, wamid: inbound.wamid })
  assert.deepEqual(queued[1].media, { id: null, url: 'https://cdn.example.com/files/Prescription%20May.pdf', mimeType: null, size: null, filename: 'Prescription May.pdf', error: null })
  for (const message of queued) assert.equal((await settled(env.clinic, message)).status, 'sent')

  const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: contact.digits }
  assert.deepEqual(callsTo(contact.digits).map((call) => call.body), [
    { ...envelope, context: { message_id: inbound.wamid }, type: 'image', image: { link: 'https://cdn.example.com/x-ray.jpg', caption: 'Your X-ray' } },
    { ...envelope, type: 'document', document: { link: 'https://cdn.example.com/files/Prescription%20May.pdf', caption: 'Prescription', filename: 'Prescription May.pdf' } },
    { ...envelope, type: 'audio', audio: { link: 'https://cdn.example.com/note.ogg' } },
    { ...envelope, type: 'video', video: { link: 'https://cdn.example.com/clinic.mp4' } },
    { ...envelope, type: 'text', text: { body: 'Anything else?', preview_url: false } },
  ])
})

test('Graph throttling (130429) is retried after a backoff: the message is sent once, and the next one waits for it', async () => {
  const first = await send(env.clinic, { to: `+${THROTTLED_ONCE}`, templateName: 'appointment_confirmed', variables: ['first'] })
  const second = await send(env.clinic, { to: `+${THROTTLED_ONCE}`, templateName: 'appointment_confirmed', variables: ['second'] })
  assert.equal(first.status, 201)
  const sent = await settled(env.clinic, first.body.data)
  assert.equal(sent.status, 'sent')
  assert.equal(sent.error, null)
  assert.equal((await settled(env.clinic, second.body.data)).status, 'sent')
  const order = callsTo(THROTTLED_ONCE).map((call) => call.body.template.components[0].parameters[0].text)
  assert.deepEqual(order, ['first', 'first', 'second'], 'one throttled attempt, then the first accepted, and only then the second')
  // Nothing sends them again once Graph accepted them.
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  assert.equal(callsTo(THROTTLED_ONCE).length, 3)
})

test('a permanent Graph error fails the message with Meta’s code and title; a Graph that stays down fails it after the retries', async () => {
  const socket = (await openSocket(env.server, { headers: env.clinic.headers })) as TestSocket
  try {
    const contact = newContact()
    const refused = await send(env.clinic, { to: contact.e164, templateName: 'three_params', variables: ['only one'] })
    const failed = await settled(env.clinic, refused.body.data)
    assert.equal(failed.status, 'failed')
    assert.deepEqual(failed.error, { code: 132000, title: 'Number of parameters does not match the expected number of params' })
    assert.ok(failed.failedAt)
    assert.equal(callsTo(contact.digits).length, 1, 'a permanent error is not retried')
    const frame = await socket.frame('the failed status frame', (f) => f.type === 'message:status' && f.data.id === failed.id && f.data.status === 'failed')
    assert.deepEqual(frame.data.error, failed.error)

    const down = await send(env.clinic, { to: `+${ALWAYS_DOWN}`, templateName: 'appointment_confirmed', variables: ['A', 'B', 'C'] })
    const gaveUp = await settled(env.clinic, down.body.data)
    assert.equal(gaveUp.status, 'failed')
    assert.deepEqual(gaveUp.error, { code: 131000, title: 'Something went wrong' })
    // The first attempt and one per delay of the retry schedule.
    assert.equal(callsTo(ALWAYS_DOWN).length, env.server.config.whatsappSendRetryScheduleMs.length + 1)
  } finally {
    socket.ws.close()
  }
})

test('a number is paced at its rate across senders and nodes: 6 messages at 2 a second take over 2 s, never 3 in a second', async () => {
  const second: RunningServer = await startServer({ ...env.server.config, role: 'worker' }, { logger: pino({ level: 'silent' }) })
  try {
    const contacts = Array.from({ length: 6 }, newContact)
    for (const contact of contacts) {
      const answer = await send(env.paced, { to: contact.e164, templateName: 'appointment_confirmed', variables: ['A', 'B', 'C'] })
      assert.equal(answer.status, 201)
    }
    // More senders for the same queue, on whichever node takes them: they share the number's pace.
    for (let i = 0; i < 3; i += 1) await env.server.platform.jobs.enqueue(senderJob, { clientCode: env.paced.clientCode })
    const calls = await waitFor('the six sends', () => {
      const paced = graphCalls.filter((call) => call.phoneNumberId === PACED_NUMBER)
      return paced.length >= 6 && paced
    })
    await new Promise((resolve) => setTimeout(resolve, 600))
    const times = graphCalls.filter((call) => call.phoneNumberId === PACED_NUMBER).map((call) => call.at)
    assert.equal(times.length, 6, 'each message sent once')
    assert.deepEqual(new Set(calls.map((call) => call.body.to)), new Set(contacts.map((contact) => contact.digits)))
    // Slots are 500 ms apart and a send never goes before its slot (only after it, by timer delay).
    for (let i = 0; i + 2 < times.length; i += 1) assert.ok(times[i + 2]! - times[i]! >= 900, `sends ${i} and ${i + 2} ${times[i + 2]! - times[i]!} ms apart`)
    assert.ok(times[5]! - times[0]! >= 2_000, `six sends over ${times[5]! - times[0]!} ms`)
  } finally {
    await second.stop()
  }
})

test('the sandbox sends without network, then reports delivered and read a second apart, each as a frame', async () => {
  const socket = (await openSocket(env.server, { headers: env.sandbox.headers })) as TestSocket
  try {
    const contact = newContact()
    const answer = await send(env.sandbox, { to: contact.e164, templateName: 'appointment_confirmed', variables: ['A', 'B', 'C'] })
    assert.equal(answer.status, 201)
    const { id } = answer.body.data
    await socket.frame('message:new', (f) => f.type === 'message:new' && f.data.id === id && f.data.status === 'queued')
    await socket.frame('conversation:updated', (f) => f.type === 'conversation:updated' && f.data.id === answer.body.data.conversationId)
    const sent = await socket.frame('sent', (f) => f.type === 'message:status' && f.data.id === id && f.data.status === 'sent')
    assert.match(sent.data.wamid, /^wamid\.mock_[0-9a-f]{24}$/)
    const delivered = await socket.frame('delivered', (f) => f.type === 'message:status' && f.data.id === id && f.data.status === 'delivered')
    const read = await socket.frame('read', (f) => f.type === 'message:status' && f.data.id === id && f.data.status === 'read')
    const at = (iso: string) => new Date(iso).getTime()
    assert.ok(at(delivered.data.deliveredAt) - at(sent.data.sentAt) >= 900, 'delivered about a second after sent')
    assert.ok(at(read.data.readAt) - at(delivered.data.deliveredAt) >= 900, 'read about a second after delivered')
    assert.equal(callsTo(contact.digits).length, 0, 'no network')
  } finally {
    socket.ws.close()
  }
})

test('a send_whatsapp rule queues its template in the phone’s conversation, with the event’s id, through the same queue', async () => {
  const contact = newContact()
  const rule = await request(env.server, 'POST', '/api/crm/automations', {
    headers: env.clinic.headers,
    json: { name: 'Confirm by WhatsApp', trigger: 'appointment_confirmed', actions: [{ type: 'send_whatsapp', config: { templateName: 'appointment_confirmed', language: 'en_US' } }] },
  })
  assert.equal(rule.status, 201, JSON.stringify(rule.body))
  const fired = await request(env.server, 'POST', '/api/saas/workflows/trigger', {
    headers: env.clinic.headers,
    json: { trigger: 'appointment_confirmed', phone: contact.e164, variables: { patientName: 'Ravi Kumar', doctorName: 'Dr. Sharma', time: '3:00 PM' }, createLeadIfMissing: true },
  })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const { eventLogId, leadId } = fired.body.data
  const event = await waitFor('the event finished', async () => {
    const log = await request(env.server, 'GET', `/api/saas/events/logs/${eventLogId}`, { headers: env.clinic.headers })
    return log.body.data?.status === 'completed' && log.body.data
  })
  const run = event.actions[0]
  assert.equal(run.status, 'ok')

  const conversation = await conversationOf(env.clinic, contact.e164)
  assert.equal(conversation.leadId, leadId)
  const [message] = await messagesOf(env.clinic, conversation.id)
  assert.deepEqual(run.result, { messageId: message.id, conversationId: conversation.id, to: contact.digits, status: 'queued' })
  assert.equal(message.eventLogId, eventLogId)
  assert.equal((await settled(env.clinic, message)).status, 'sent')
  assert.deepEqual(callsTo(contact.digits)[0]?.body.template, {
    name: 'appointment_confirmed',
    language: { code: 'en_US' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ravi Kumar' }, { type: 'text', text: 'Dr. Sharma' }, { type: 'text', text: '3:00 PM' }] }],
  })
})
