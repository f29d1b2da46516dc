import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { http, HttpResponse } from 'msw'
import { request } from '../helpers/http'
import { deliverToWebhook, inboundTextDelivery, newWamid } from '../helpers/meta-webhook'
import { simulateThirdParties } from '../helpers/network-edge'
import { moveToOwnDatabase, tenantDb, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'
import { conversationWith, messagesOf, setSecrets, settledDelivery } from './webhook-data'

const GRAPH = 'https://graph.facebook.com/v21.0'
const CLINIC_NUMBER = '106540352242811'
const DOOMED_NUMBER = '106540352242822'
const APP_SECRET = '7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b'

/** Every message Graph was asked to send, by the contact's digits. */
const sent = new Map<string, any[]>()
const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    const body = (await req.json()) as any
    sent.set(body.to, [...(sent.get(body.to) ?? []), body])
    return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: newWamid() }] })
  }),
)

const FLOWS = {
  flows: [
    { id: 'greeting', match: { contains: ['hello', 'namaste', 'नमस्ते', 'good morning'] }, reply: { text: 'Hello! Reply BOOK to book a visit.' } },
    { id: 'book', match: { exact: ['book', 'booking'] }, reply: { templateName: 'booking_link', language: 'en_US' } },
    { id: 'order', match: { regex: String.raw`\border\s*#?\d{4,}` }, reply: { text: 'We are looking up your order.' } },
  ],
  fallback: { text: 'Thanks for writing, we answer within the hour.' },
}

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'Auto-reply Clinic', doomed: 'Auto-reply Doomed' },
  config: { whatsappAppSecret: APP_SECRET },
  seed: async (): Promise<void> => {
    const { server, clinic, doomed } = env
    assert.equal((await setSecrets(server, clinic, { whatsappToken: 'EAAG-auto-reply', whatsappPhoneNumberId: CLINIC_NUMBER })).status, 200)
    assert.equal((await setSecrets(server, doomed, { whatsappToken: 'mock_doomed', whatsappPhoneNumberId: DOOMED_NUMBER })).status, 200)
    const components = JSON.stringify([{ type: 'BODY', text: 'Book your visit: https://clinic.example.com/book' }])
    await insertWhatsappTemplate(server, clinic, { name: 'booking_link', language: 'en_US', status: 'APPROVED', components })
    const saved = await request(server, 'PUT', '/api/saas/chat/auto-replies', { headers: clinic.headers, json: FLOWS })
    assert.equal(saved.status, 200, JSON.stringify(saved.body))
  },
})
after(() => graph.close())

/** Delivers one inbound text to the clinic and waits until it is applied. */
async function receive(from: string, text: string, wamid = newWamid()) {
  const answer = await deliverToWebhook(env.server, APP_SECRET, inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from, text, wamid }))
  assert.equal((await settledDelivery(env.server, answer.body.data.deliveryId)).status, 'processed')
  return wamid
}

const autoReplyRows = (tenant: TestTenant) => tenantDb(env.server, tenant).selectFrom('auto_replies').selectAll().orderBy('created_at').execute()
const sentTo = (from: string) => waitFor(`Graph to be asked to send to ${from}`, () => sent.get(from))

/** The conversation's outbound messages, once each has left the queue. */
async function outboundOf(from: string) {
  const conversation = await conversationWith(env.server, env.clinic, `+${from}`)
  return waitFor(`the replies to ${from} to be sent`, async () => {
    const outbound = (await messagesOf(env.server, env.clinic, conversation.id)).filter((message) => message.direction === 'outbound')
    return outbound.every((message) => message.status !== 'queued') && outbound
  })
}

test('GET answers the flows as saved, in their order', async () => {
  const answer = await request(env.server, 'GET', '/api/saas/chat/auto-replies', { headers: env.clinic.headers })
  assert.equal(answer.status, 200)
  assert.deepEqual({ flows: answer.body.data.flows, fallback: answer.body.data.fallback }, FLOWS)
  assert.ok(Date.parse(answer.body.data.updatedAt) > 0)
})

test('an inbound text is answered by the first matching flow (contains, exact, regex), else the fallback, in its conversation', async () => {
  const cases = [
    { from: '919810000001', text: 'HELLO   there, is the clinic open?', flowId: 'greeting', graph: { type: 'text', text: { body: FLOWS.flows[0]!.reply.text, preview_url: false } } },
    { from: '919810000002', text: 'Booking!', flowId: 'book', graph: { type: 'template', template: { name: 'booking_link', language: { code: 'en_US' } } } },
    { from: '919810000003', text: 'Where is my Order #48213?', flowId: 'order', graph: { type: 'text', text: { body: 'We are looking up your order.', preview_url: false } } },
    { from: '919810000004', text: 'I want to book a visit', flowId: null, graph: { type: 'text', text: { body: FLOWS.fallback.text, preview_url: false } } },
  ]
  for (const { from, text } of cases) await receive(from, text)

  for (const { from, text, flowId, graph: expected } of cases) {
    const [body, ...more] = await sentTo(from)
    assert.deepEqual(more, [], `one message to ${from}`)
    assert.deepEqual(body, { messaging_product: 'whatsapp', recipient_type: 'individual', to: from, ...expected }, text)
    const [reply, ...others] = await outboundOf(from)
    assert.deepEqual(others, [])
    assert.equal(reply.status, 'sent')
    assert.equal(reply.type, expected.type)
    const rows = (await autoReplyRows(env.clinic)).filter((row) => row.reply_message_id === reply.id)
    assert.equal(rows.length, 1, text)
    assert.equal(rows[0]!.flow_id, flowId)
    assert.equal(rows[0]!.error, null)
  }
})

test("the automation's message_received trigger still runs beside the auto-reply", async () => {
  const { server, clinic } = env
  const rule = await request(server, 'POST', '/api/crm/automations', {
    headers: clinic.headers,
    json: { name: 'Tag WhatsApp contacts', trigger: 'message_received', actions: [{ type: 'add_tag', config: { tag: 'whatsapp' } }] },
  })
  assert.equal(rule.status, 201, JSON.stringify(rule.body))
  const from = '919810000005'
  await receive(from, 'namaste')
  assert.equal((await sentTo(from)).length, 1)
  const conversation = await conversationWith(server, clinic, `+${from}`)
  await waitFor('the message_received rule to tag the lead', async () => {
    const lead = await request(server, 'GET', `/api/crm/leads/${conversation.leadId}`, { headers: clinic.headers })
    return lead.body.data.tags.includes('whatsapp')
  })
})

test('a delivery posted twice at once is answered once', async () => {
  const from = '919810000006'
  const wamid = newWamid()
  const delivery = inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from, text: 'good   MORNING', wamid })
  const answers = await Promise.all([deliverToWebhook(env.server, APP_SECRET, delivery), deliverToWebhook(env.server, APP_SECRET, delivery)])
  for (const answer of answers) assert.equal((await settledDelivery(env.server, answer.body.data.deliveryId)).status, 'processed')
  assert.equal((await outboundOf(from)).length, 1)
  assert.equal((await sentTo(from)).length, 1)
  const rows = (await autoReplyRows(env.clinic)).filter((row) => row.idempotency_key === `auto-reply:${wamid}`)
  assert.equal(rows.length, 1)
})

test('a delivery retried after a failure answers its message once', async () => {
  const { server, clinic, doomed } = env
  const from = '919810000007'
  // One delivery for two tenants: the clinic's change applies, the doomed tenant's fails every attempt.
  const { dbName } = await moveToOwnDatabase(server, doomed.clientCode)
  await sql`drop database ${sql.id(dbName)} with (force)`.execute(server.platform.db)
  const ours = inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from, text: 'hello?' })
  const theirs = inboundTextDelivery({ phoneNumberId: DOOMED_NUMBER, from, text: 'hello?' })
  const answer = await deliverToWebhook(server, APP_SECRET, { ...ours, entry: [...ours.entry, ...theirs.entry] })
  const delivery = await settledDelivery(server, answer.body.data.deliveryId)
  assert.equal(delivery.status, 'failed')
  assert.equal(delivery.attempts, server.config.whatsappWebhookRetryScheduleMs.length + 1)

  // Each attempt re-applied the clinic's message; one reply was queued, and one sent.
  assert.equal((await outboundOf(from)).length, 1)
  assert.equal((await sentTo(from)).length, 1)
  const conversation = await conversationWith(server, clinic, `+${from}`)
  assert.equal((await messagesOf(server, clinic, conversation.id)).filter((message) => message.direction === 'inbound').length, 1)
})

test('the test route says which flow would answer, normalising case, accents and spaces, and sends nothing', async () => {
  const { server, clinic } = env
  const before = { rows: (await autoReplyRows(clinic)).length, sends: [...sent.values()].flat().length }
  const cases: [string, string | null, 'flow' | 'fallback'][] = [
    ['Héllo doctor', 'greeting', 'flow'],
    ['GOOD\n\tmorning', 'greeting', 'flow'],
    ['नमस्ते जी', 'greeting', 'flow'],
    // Devanagari vowel signs are part of the word, not accents to drop.
    ['नमसत', null, 'fallback'],
    ['namaste ji', 'greeting', 'flow'],
    // Keywords are whole words: "hello" is not in "othello".
    ['I read Othello', null, 'fallback'],
    ['  book. ', 'book', 'flow'],
    ['book now', null, 'fallback'],
    ['ORDER 1234', 'order', 'flow'],
    ['reorder 1234', null, 'fallback'],
  ]
  for (const [text, flowId, answeredBy] of cases) {
    const answer = await request(server, 'POST', '/api/saas/chat/auto-replies/test', { headers: clinic.headers, json: { text } })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    assert.equal(answer.body.data.flowId, flowId, text)
    assert.equal(answer.body.data.answeredBy, answeredBy, text)
    const expected = flowId ? FLOWS.flows.find((flow) => flow.id === flowId)!.reply : FLOWS.fallback
    assert.deepEqual(answer.body.data.reply, expected, text)
  }
  const normalized = await request(server, 'POST', '/api/saas/chat/auto-replies/test', { headers: clinic.headers, json: { text: '  ÇA   VA  Ｂｏｏｋ ' } })
  assert.equal(normalized.body.data.normalizedText, 'ca va book')
  assert.deepEqual({ rows: (await autoReplyRows(clinic)).length, sends: [...sent.values()].flat().length }, before)
})

test('a linear-time regex answers at once on input that makes backtracking engines hang; no flows and no fallback answer nothing', async () => {
  const { server, clinic } = env
  const flows = { flows: [{ id: 'nested', match: { regex: '^(a+)+$' }, reply: { text: 'Only a' } }] }
  assert.equal((await request(server, 'PUT', '/api/saas/chat/auto-replies', { headers: clinic.headers, json: flows })).status, 200)
  const tried = async (text: string) => (await request(server, 'POST', '/api/saas/chat/auto-replies/test', { headers: clinic.headers, json: { text } })).body.data
  assert.equal((await tried(`${'a'.repeat(4000)}!`)).answeredBy, 'none')
  assert.equal((await tried('a'.repeat(4000))).flowId, 'nested')

  assert.equal((await request(server, 'PUT', '/api/saas/chat/auto-replies', { headers: clinic.headers, json: { flows: [] } })).status, 200)
  assert.deepEqual(await tried('hello'), { answeredBy: 'none', flowId: null, reply: null, normalizedText: 'hello' })
  const from = '919810000008'
  const wamid = await receive(from, 'hello')
  const conversation = await conversationWith(server, clinic, `+${from}`)
  assert.deepEqual((await messagesOf(server, clinic, conversation.id)).map((message) => message.direction), ['inbound'])
  assert.equal((await autoReplyRows(clinic)).filter((row) => row.idempotency_key === `auto-reply:${wamid}`).length, 0)
  assert.equal((await request(server, 'PUT', '/api/saas/chat/auto-replies', { headers: clinic.headers, json: FLOWS })).status, 200)
})
