import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { http, HttpResponse } from 'msw'
import { request } from '../helpers/http'
import { deliverToWebhook, inboundTextDelivery, messagesDelivery, metaSignature, metaTimestamp, newWamid, postToWebhook } from '../helpers/meta-webhook'
import { simulateThirdParties } from '../helpers/network-edge'
import { moveToOwnDatabase, tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { conversationWith, countDeliveries, deliveryRow, messagesOf, setSecrets, settledDelivery } from './webhook-data'

const GRAPH = 'https://graph.facebook.com/v21.0'
const CLINIC_NUMBER = '106540352242922'
const SHARED_NUMBER = '106540352242933'
const DOOMED_NUMBER = '106540352242944'
const SPARE_NUMBER = '106540352242977'
const CLINIC_SECRET = '5f1e3c9a7b2d4e6f8a0b1c2d3e4f5a6b'
const PLATFORM_SECRET = 'platform-app-secret-0a1b2c3d'
const PLATFORM_VERIFY_TOKEN = 'platform-verify-token'
const CLINIC_VERIFY_TOKEN = 'clinic-verify-token'

let sends = 0
const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    const body = (await req.json()) as any
    sends += 1
    return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.HBgMOUTBOUND${sends}` }] })
  }),
)

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'Webhook Clinic', shared: 'Webhook Shared Secret', doomed: 'Webhook Doomed', spare: 'Webhook Spare' },
  config: { whatsappAppSecret: PLATFORM_SECRET, whatsappVerifyToken: PLATFORM_VERIFY_TOKEN },
  seed: async () => {
    const { server, clinic, shared, doomed } = env
    const set = [
      await setSecrets(server, clinic, { whatsappToken: 'EAAG-clinic-token', whatsappPhoneNumberId: CLINIC_NUMBER, whatsappAppSecret: CLINIC_SECRET, whatsappWebhookToken: CLINIC_VERIFY_TOKEN }),
      await setSecrets(server, shared, { whatsappToken: 'mock_shared', whatsappPhoneNumberId: SHARED_NUMBER }),
      await setSecrets(server, doomed, { whatsappToken: 'mock_doomed', whatsappPhoneNumberId: DOOMED_NUMBER }),
    ]
    for (const answer of set) assert.equal(answer.status, 200, JSON.stringify(answer.body))
  },
})
after(() => graph.close())

const handshake = (mode: string, token: string, challenge = '1158201444') =>
  request(env.server, 'GET', `/api/webhooks/whatsapp?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=${challenge}`)

test("the handshake answers the challenge as text for a tenant's or the platform's verify token, 403 otherwise", async () => {
  for (const token of [CLINIC_VERIFY_TOKEN, PLATFORM_VERIFY_TOKEN]) {
    const answer = await handshake('subscribe', token)
    assert.equal(answer.status, 200)
    assert.equal(answer.body, '1158201444')
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain/)
  }
  for (const [mode, token] of [['subscribe', 'clinic-verify-tokeN'], ['subscribe', ''], ['unsubscribe', CLINIC_VERIFY_TOKEN]] as const) {
    const answer = await handshake(mode, token)
    assert.equal(answer.status, 403, `${mode} ${token}`)
    assert.equal(answer.body.code, 'FORBIDDEN')
  }
})

test('a missing or wrong signature is refused with 401 and nothing is stored', async () => {
  const { server, clinic } = env
  const raw = JSON.stringify(inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from: '919811111111', text: 'forged' }))
  const before = await countDeliveries(server)
  for (const signature of [undefined, 'sha256=', metaSignature(raw, 'not-the-secret'), metaSignature(raw, PLATFORM_SECRET), metaSignature(`${raw} `, CLINIC_SECRET), metaSignature(raw, CLINIC_SECRET).replace('sha256=', 'sha1=')]) {
    const answer = await postToWebhook(server, raw, signature)
    assert.equal(answer.status, 401, String(signature))
    assert.equal(answer.body.code, 'UNAUTHORIZED')
  }
  assert.equal(await countDeliveries(server), before)
  assert.equal(await conversationWith(server, clinic, '+919811111111'), undefined)
})

test('an inbound text creates the conversation and the lead, and counts as unread', async () => {
  const { server, clinic } = env
  const at = new Date(Math.floor(Date.now() / 1000) * 1000)
  const answer = await deliverToWebhook(server, CLINIC_SECRET, inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from: '919812345678', name: 'Sheena Nelson', text: 'Does it come in another color?', at }))
  assert.equal((await settledDelivery(server, answer.body.data.deliveryId)).status, 'processed')

  const conversation = await conversationWith(server, clinic, '+919812345678')
  assert.equal(conversation.name, 'Sheena Nelson')
  assert.equal(conversation.unreadCount, 1)
  assert.equal(conversation.lastMessagePreview, 'Does it come in another color?')
  assert.equal(conversation.lastMessageAt, at.toISOString())
  assert.equal(conversation.lastInboundAt, at.toISOString())
  assert.equal(conversation.serviceWindowOpen, true)
  const lead = await request(server, 'GET', `/api/crm/leads/${conversation.leadId}`, { headers: clinic.headers })
  assert.equal(lead.status, 200)
  assert.deepEqual([lead.body.data.firstName, lead.body.data.phone, lead.body.data.source], ['Sheena Nelson', '+919812345678', 'whatsapp'])
  const [message] = await messagesOf(server, clinic, conversation.id)
  assert.deepEqual([message.direction, message.type, message.status, message.text, message.createdAt], ['inbound', 'text', 'received', 'Does it come in another color?', at.toISOString()])
})

test('a second message from a phone with an open lead joins that lead; a delivery sent twice is applied once', async () => {
  const { server, clinic } = env
  const created = await request(server, 'POST', '/api/crm/leads', { headers: clinic.headers, json: { firstName: 'Asha', phone: '+919822222222', source: 'website' } })
  assert.equal(created.status, 201)
  const delivery = inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from: '919822222222', name: 'Asha R', text: 'Hello' })
  const first = await deliverToWebhook(server, CLINIC_SECRET, delivery)
  const again = await deliverToWebhook(server, CLINIC_SECRET, delivery)
  await settledDelivery(server, first.body.data.deliveryId)
  assert.equal((await settledDelivery(server, again.body.data.deliveryId)).status, 'processed')

  const conversation = await conversationWith(server, clinic, '+919822222222')
  assert.equal(conversation.leadId, created.body.data.id)
  assert.equal(conversation.unreadCount, 1)
  assert.equal((await messagesOf(server, clinic, conversation.id)).length, 1)
  const received = await tenantDb(server, clinic).selectFrom('crm_events').select('payload').where('type', '=', 'message_received').where('lead_id', '=', created.body.data.id).execute()
  assert.equal(received.length, 1)
})

/** An outbound message Graph accepted (so it has a wamid), to a contact who just wrote. */
async function sentMessage(from: string) {
  const { server, clinic } = env
  const inbound = await deliverToWebhook(server, CLINIC_SECRET, inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from, text: 'Hi' }))
  await settledDelivery(server, inbound.body.data.deliveryId)
  const sent = await request(server, 'POST', '/api/saas/chat/send', { headers: clinic.headers, json: { to: `+${from}`, text: 'Your appointment is confirmed' } })
  assert.equal(sent.status, 201, JSON.stringify(sent.body))
  return waitFor('the message to reach Graph', async () => {
    const messages = await messagesOf(server, clinic, sent.body.data.conversationId)
    return messages.find((message) => message.id === sent.body.data.id && message.wamid)
  })
}

const statusDelivery = (wamid: string, to: string, status: string, extra: Record<string, unknown> = {}) =>
  messagesDelivery(CLINIC_NUMBER, { statuses: [{ id: wamid, status, timestamp: metaTimestamp(), recipient_id: to, ...extra }] })

async function applyStatus(wamid: string, to: string, status: string, extra: Record<string, unknown> = {}) {
  const answer = await deliverToWebhook(env.server, CLINIC_SECRET, statusDelivery(wamid, to, status, extra))
  assert.equal((await settledDelivery(env.server, answer.body.data.deliveryId)).status, 'processed')
}

const messageNow = async (message: { id: string; conversationId: string }) =>
  (await messagesOf(env.server, env.clinic, message.conversationId)).find((each) => each.id === message.id)

test('statuses move an outbound message forward only: delivered, read, and a late delivered changes nothing', async () => {
  const message = await sentMessage('919833333333')
  await applyStatus(message.wamid, '919833333333', 'delivered', { pricing: { billable: true, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' } })
  assert.equal((await messageNow(message)).status, 'delivered')
  await applyStatus(message.wamid, '919833333333', 'read')
  const read = await messageNow(message)
  assert.equal(read.status, 'read')
  await applyStatus(message.wamid, '919833333333', 'delivered')
  assert.deepEqual(await messageNow(message), read)
  // A status for a message the inbox does not have is acknowledged (and kept for its send: early-statuses.test.ts).
  await applyStatus(newWamid(), '919833333333', 'read')
})

test("a failed status records Meta's code and title", async () => {
  const message = await sentMessage('919844444444')
  const errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }]
  await applyStatus(message.wamid, '919844444444', 'failed', { errors })
  const failed = await messageNow(message)
  assert.equal(failed.status, 'failed')
  assert.deepEqual(failed.error, { code: 131026, title: 'Message undeliverable' })
  assert.ok(failed.failedAt)
})

test('a message_received rule runs once per inbound message, with the message as variables', async () => {
  const { server, clinic } = env
  const rule = await request(server, 'POST', '/api/crm/automations', {
    headers: clinic.headers,
    json: { name: 'Tag WhatsApp contacts', trigger: 'message_received', actions: [{ type: 'add_tag', config: { tag: 'whatsapp' } }] },
  })
  assert.equal(rule.status, 201, JSON.stringify(rule.body))
  const wamids = [newWamid(), newWamid()]
  const delivery = messagesDelivery(CLINIC_NUMBER, {
    contacts: [{ profile: { name: 'Meera' }, wa_id: '919855555555' }],
    messages: wamids.map((id, i) => ({ from: '919855555555', id, timestamp: metaTimestamp(), type: 'text', text: { body: `message ${i + 1}` } })),
  })
  const deliveries = [await deliverToWebhook(server, CLINIC_SECRET, delivery), await deliverToWebhook(server, CLINIC_SECRET, delivery)]
  for (const answer of deliveries) await settledDelivery(server, answer.body.data.deliveryId)

  const conversation = await conversationWith(server, clinic, '+919855555555')
  const events = await waitFor('both events to finish', async () => {
    const page = await request(server, 'GET', `/api/saas/events/logs?trigger=message_received&leadId=${conversation.leadId}`, { headers: clinic.headers })
    return page.body.data.length === 2 && page.body.data.every((event: any) => event.status === 'completed') && page.body.data
  })
  const messages = await messagesOf(server, clinic, conversation.id)
  const variables = await Promise.all(
    events.map(async (event: any) => (await request(server, 'GET', `/api/saas/events/logs/${event.id}`, { headers: clinic.headers })).body.data.payload.variables),
  )
  assert.deepEqual(
    variables.sort((a, b) => a.text.localeCompare(b.text)),
    messages
      .map((message) => ({ text: message.text, type: 'text', phone: '+919855555555', conversationId: conversation.id, messageId: message.id }))
      .sort((a, b) => a.text.localeCompare(b.text)),
  )
  const lead = await request(server, 'GET', `/api/crm/leads/${conversation.leadId}`, { headers: clinic.headers })
  assert.deepEqual(lead.body.data.tags, ['whatsapp'])
})

test('a tenant without its own app secret is checked against the platform secret', async () => {
  const { server, shared } = env
  const delivery = inboundTextDelivery({ phoneNumberId: SHARED_NUMBER, from: '919866666666', text: 'namaste' })
  assert.equal((await postToWebhook(server, JSON.stringify(delivery), metaSignature(JSON.stringify(delivery), CLINIC_SECRET))).status, 401)
  const answer = await deliverToWebhook(server, PLATFORM_SECRET, delivery)
  await settledDelivery(server, answer.body.data.deliveryId)
  assert.equal((await conversationWith(server, shared, '+919866666666')).unreadCount, 1)
})

test('a delivery for a number no tenant has is acknowledged and not kept', async () => {
  const { server } = env
  const before = await countDeliveries(server)
  const answer = await deliverToWebhook(server, PLATFORM_SECRET, inboundTextDelivery({ phoneNumberId: '999999999999999', from: '919877777777', text: 'anyone?' }))
  assert.equal(answer.body.data.deliveryId, null)
  assert.equal(await countDeliveries(server), before)
})

test('malformed JSON signed with the platform secret is acknowledged, stored as received and marked failed', async () => {
  const { server } = env
  for (const raw of ['{"object":"whatsapp_business_account","entry":[', '{"object":"page","entry":[]}']) {
    const answer = await postToWebhook(server, raw, metaSignature(raw, PLATFORM_SECRET))
    assert.equal(answer.status, 200)
    const row = await deliveryRow(server, answer.body.data.deliveryId)
    assert.equal(row?.status, 'failed')
    assert.equal(row?.body.toString('utf8'), raw)
    assert.ok(row?.error)
  }
  assert.equal((await postToWebhook(server, '{"entry":', metaSignature('{"entry":', CLINIC_SECRET))).status, 401)
})

test('a delivery that cannot be applied is retried, then ends failed with its error', async () => {
  const { server, doomed } = env
  const { dbName } = await moveToOwnDatabase(server, doomed.clientCode)
  await sql`drop database ${sql.id(dbName)} with (force)`.execute(server.platform.db)
  const answer = await deliverToWebhook(server, PLATFORM_SECRET, inboundTextDelivery({ phoneNumberId: DOOMED_NUMBER, from: '919888888888', text: 'hello?' }))
  const row = await settledDelivery(server, answer.body.data.deliveryId)
  assert.equal(row.status, 'failed')
  assert.equal(row.attempts, server.config.whatsappWebhookRetryScheduleMs.length + 1)
  assert.match(row.error ?? '', /^after 3 attempts: .*does not exist/)
})

test("a phone number id is one tenant's: another client taking it is refused with 409; a removed number is no longer routed", async () => {
  const { server, clinic, spare } = env
  assert.equal((await setSecrets(server, spare, { whatsappToken: 'mock_spare', whatsappPhoneNumberId: SPARE_NUMBER })).status, 200)
  const taken = await setSecrets(server, spare, { whatsappPhoneNumberId: CLINIC_NUMBER, whatsappToken: 'mock_other' })
  assert.equal(taken.status, 409)
  assert.equal(taken.body.code, 'CONFLICT')
  // Refused whole: the spare keeps its number and token, the clinic its messages.
  const toClinic = await deliverToWebhook(server, CLINIC_SECRET, inboundTextDelivery({ phoneNumberId: CLINIC_NUMBER, from: '919899999999', text: 'still the clinic' }))
  await settledDelivery(server, toClinic.body.data.deliveryId)
  assert.equal((await conversationWith(server, clinic, '+919899999999')).unreadCount, 1)
  assert.equal(await conversationWith(server, spare, '+919899999999'), undefined)

  const toSpare = inboundTextDelivery({ phoneNumberId: SPARE_NUMBER, from: '919800000009', text: 'hello spare' })
  assert.ok((await deliverToWebhook(server, PLATFORM_SECRET, toSpare)).body.data.deliveryId)
  assert.equal((await setSecrets(server, spare, { whatsappPhoneNumberId: null })).status, 200)
  assert.equal((await deliverToWebhook(server, PLATFORM_SECRET, toSpare)).body.data.deliveryId, null)
})
