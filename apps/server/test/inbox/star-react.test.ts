import assert from 'node:assert/strict'
import { after, before, beforeEach, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import { snapshotTables } from '../helpers/db-snapshot'
import { adminHeaders, request } from '../helpers/http'
import { deliverToWebhook, inboundTextDelivery, newWamid } from '../helpers/meta-webhook'
import { connectSocket } from '../helpers/realtime-socket'
import { simulateThirdParties } from '../helpers/network-edge'
import { tenantDb, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

const GRAPH = 'https://graph.facebook.com/v21.0'
const PHONE_NUMBER_ID = '109876543210987'
const TOKEN = 'EAAG-live-token'
/** Wamids the simulated Graph answers with one of Meta's errors. */
const REFUSED = 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUREFGRUQ='
const THROTTLED = 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUVEhST1RU'

const graphCalls: { path: string; authorization: string | null; body: any }[] = []
let sentReactions = 0
const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    const body = (await req.json()) as any
    graphCalls.push({ path: new URL(req.url).pathname, authorization: req.headers.get('authorization'), body })
    if (body.reaction?.message_id === REFUSED) {
      return HttpResponse.json(
        { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, error_data: { messaging_product: 'whatsapp', details: 'Parameter value is not valid' }, fbtrace_id: 'AbCdEfGh' } },
        { status: 400 },
      )
    }
    if (body.reaction?.message_id === THROTTLED) {
      return HttpResponse.json(
        { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time' }, fbtrace_id: 'AbCdEfGh' } },
        { status: 429 },
      )
    }
    sentReactions += 1
    return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSUkVBQ1Q${sentReactions}` }] })
  }),
)

const APP_SECRET = '8f2d6c0b5a4e3f1d9c7b6a5e4d3c2b1a'
/** Each tenant's WhatsApp number, which routes Meta's deliveries to it. */
const numberOf = new Map<TestTenant, string>()
async function setSecrets(target: TestTenant, secrets: { whatsappToken?: string; whatsappPhoneNumberId: string }) {
  numberOf.set(target, secrets.whatsappPhoneNumberId)
  const answer = await request(env.server, 'POST', `/api/clients/${target.clientCode}/secrets`, {
    headers: adminHeaders(env.server),
    json: { ...secrets, whatsappAppSecret: APP_SECRET },
  })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
}

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'WA Star Clinic', sandbox: 'WA Star Sandbox', bare: 'WA Star Unconfigured', other: 'WA Star Other' },
  seed: async () => {
    await setSecrets(env.clinic, { whatsappToken: TOKEN, whatsappPhoneNumberId: PHONE_NUMBER_ID })
    await setSecrets(env.sandbox, { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: '109876543210988' })
    await setSecrets(env.other, { whatsappToken: 'EAAG-other-token', whatsappPhoneNumberId: '109876543210989' })
    // A number whose deliveries are taken, but no token to answer with.
    await setSecrets(env.bare, { whatsappPhoneNumberId: '109876543210990' })
  },
})
after(() => graph.close())
beforeEach(() => {
  graphCalls.length = 0
})

let contactCounter = 0
const nextContact = () => `9198765${String(43210 + (contactCounter += 1)).padStart(5, '0')}`

/** An inbound text the contact sent `hoursAgo` hours ago, delivered through Meta's webhook: its id, wamid and the contact's digits. */
async function messageIn(tenant: TestTenant, { hoursAgo = 0, wamid = newWamid() }: { hoursAgo?: number; wamid?: string } = {}) {
  const to = nextContact()
  const at = new Date(Date.now() - hoursAgo * 3_600_000)
  await deliverToWebhook(env.server, APP_SECRET, inboundTextDelivery({ phoneNumberId: numberOf.get(tenant)!, from: to, text: 'Is 3 PM free?', at, wamid }))
  const db = tenantDb(env.server, tenant)
  const message = await waitFor('the inbound message', () => db.selectFrom('messages').select('id').where('wamid', '=', wamid).executeTakeFirst())
  return { id: message.id, wamid, to }
}

/** Our answer to a contact who just wrote, once Graph has accepted it (it has a wamid). */
async function sentMessage(tenant: TestTenant) {
  const contact = await messageIn(tenant)
  const sent = await request(env.server, 'POST', '/api/saas/chat/send', { headers: tenant.headers, json: { to: `+${contact.to}`, text: 'Yes, 3 PM is free.' } })
  assert.equal(sent.status, 201, JSON.stringify(sent.body))
  const db = tenantDb(env.server, tenant)
  const { wamid } = await waitFor('Graph to accept our message', () =>
    db.selectFrom('messages').select('wamid').where('id', '=', sent.body.data.id).where('wamid', 'is not', null).executeTakeFirst(),
  )
  return { id: sent.body.data.id as string, wamid: wamid!, to: contact.to }
}

/**
 * An outbound message still waiting in the queue (no wamid yet). Inserted: through the API the
 * queue's worker would send it at once.
 */
async function queuedMessage(tenant: TestTenant) {
  const db = tenantDb(env.server, tenant)
  const conversation = await db.insertInto('conversations').values({ phone: `+${nextContact()}`, last_inbound_at: new Date() }).returning('id').executeTakeFirstOrThrow()
  return db
    .insertInto('messages')
    .values({ conversation_id: conversation.id, direction: 'outbound', type: 'text', status: 'queued', body: 'Yes, 3 PM is free.', content: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow()
}

const star = (tenant: TestTenant, messageId: string) =>
  request(env.server, 'POST', `/api/saas/chat/messages/${encodeURIComponent(messageId)}/star`, { headers: tenant.headers })
const react = (tenant: TestTenant, messageId: string, emoji: unknown) =>
  request(env.server, 'POST', `/api/saas/chat/messages/${encodeURIComponent(messageId)}/react`, { headers: tenant.headers, json: { emoji } })

const storedMessage = (tenant: TestTenant, id: string) =>
  tenantDb(env.server, tenant).selectFrom('messages').select(['reaction', 'starred']).where('id', '=', id).executeTakeFirstOrThrow()

/** Every row of the inbox tables of these tenants, to prove a refused request wrote nothing. */
const inboxSnapshot = (...tenants: TestTenant[]) =>
  snapshotTables(
    env.server,
    tenants.flatMap((tenant) => ['messages', 'conversations'].map((table) => `${schemaNameFor(tenant.clientCode)}.${table}`)),
  )

test('star toggles: starred, then not, each answer the message in its new state', async () => {
  const message = await messageIn(env.clinic)
  const socket = await connectSocket(env.server, { headers: env.clinic.headers })
  const first = await star(env.clinic, message.id)
  assert.equal(first.status, 200)
  assert.equal(first.body.data.id, message.id)
  assert.equal(first.body.data.starred, true)
  assert.equal((await storedMessage(env.clinic, message.id)).starred, true)

  const second = await star(env.clinic, message.id)
  assert.equal(second.status, 200)
  assert.equal(second.body.data.starred, false)
  assert.equal((await storedMessage(env.clinic, message.id)).starred, false)
  assert.equal(graphCalls.length, 0, 'a star is the inbox’s own: nothing goes to WhatsApp')

  const starredFrame = await socket.frame('the starred message', (frame) => frame.type === 'message:status' && frame.data.id === message.id && frame.data.starred)
  assert.deepEqual(starredFrame.data, first.body.data)
  await socket.frame('the unstarred message', (frame) => frame.type === 'message:status' && frame.data.id === message.id && !frame.data.starred)
  socket.ws.close()
})

test('concurrent stars cancel out in pairs', async () => {
  const message = await messageIn(env.clinic)
  const answers = await Promise.all(Array.from({ length: 6 }, () => star(env.clinic, message.id)))
  assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200, 200, 200])
  assert.equal((await storedMessage(env.clinic, message.id)).starred, false)
  assert.equal(answers.filter((answer) => answer.body.data.starred).length, 3)
})

test('react sends Meta’s reaction message for the wamid and stores the emoji; one grapheme of any shape', async () => {
  const message = await messageIn(env.clinic)
  for (const emoji of ['👍', '👍🏽', '👨‍👩‍👧', '🇮🇳', '❤️']) {
    graphCalls.length = 0
    const answer = await react(env.clinic, message.id, emoji)
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    assert.equal(answer.body.data.reaction, emoji)
    assert.equal((await storedMessage(env.clinic, message.id)).reaction, emoji)
    assert.deepEqual(graphCalls, [
      {
        path: `/v21.0/${PHONE_NUMBER_ID}/messages`,
        authorization: `Bearer ${TOKEN}`,
        body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.to, type: 'reaction', reaction: { message_id: message.wamid, emoji } },
      },
    ])
  }
})

test('an empty emoji removes the reaction, at WhatsApp and on the message; sockets see both changes', async () => {
  const message = await messageIn(env.clinic)
  const socket = await connectSocket(env.server, { headers: env.clinic.headers })
  assert.equal((await react(env.clinic, message.id, '🙏')).status, 200)
  graphCalls.length = 0
  const removed = await react(env.clinic, message.id, '')
  assert.equal(removed.status, 200)
  assert.equal(removed.body.data.reaction, null)
  assert.equal((await storedMessage(env.clinic, message.id)).reaction, null)
  assert.deepEqual(graphCalls.map((call) => call.body.reaction), [{ message_id: message.wamid, emoji: '' }])

  const changes = (frame: { type: string; data: any }) => frame.type === 'message:status' && frame.data.id === message.id
  await socket.frame('the reaction removed', (frame) => changes(frame) && frame.data.reaction === null)
  assert.deepEqual(socket.frames.filter(changes).map((frame) => frame.data.reaction), ['🙏', null])
  socket.ws.close()
})

test('reactions to one message reach WhatsApp and the row in the same order', async () => {
  const message = await messageIn(env.clinic)
  const emojis = ['😀', '😂', '😍', '🎉', '🔥', '👏']
  const answers = await Promise.all(emojis.map((emoji) => react(env.clinic, message.id, emoji)))
  assert.ok(answers.every((answer) => answer.status === 200))
  const lastAtWhatsapp = graphCalls.at(-1)?.body.reaction.emoji
  assert.equal(graphCalls.length, emojis.length)
  assert.equal((await storedMessage(env.clinic, message.id)).reaction, lastAtWhatsapp)
})

test('an outbound message Graph accepted can carry our reaction too', async () => {
  const message = await sentMessage(env.clinic)
  const answer = await react(env.clinic, message.id, '✅')
  assert.equal(answer.status, 200)
  assert.equal(answer.body.data.reaction, '✅')
})

test('the sandbox (mock_ token) accepts a reaction without network', async () => {
  const message = await messageIn(env.sandbox)
  const answer = await react(env.sandbox, message.id, '👍')
  assert.equal(answer.status, 200)
  assert.equal(answer.body.data.reaction, '👍')
  assert.equal(graphCalls.length, 0)
})

test('anything but one emoji is 400 naming body.emoji, and nothing is sent or written', async () => {
  const message = await messageIn(env.clinic)
  const before = await inboxSnapshot(env.clinic)
  for (const emoji of ['👍👍', 'a', '1', ' 👍', '👍 ', 'ok 👍', '\u200d', '👍\u200d']) {
    const answer = await react(env.clinic, message.id, emoji)
    assert.equal(answer.status, 400, `emoji ${JSON.stringify(emoji)}`)
    assert.equal(answer.body.code, 'VALIDATION_ERROR')
    assert.deepEqual(answer.body.details.map((detail: { path: string }) => detail.path), ['body.emoji'])
  }
  for (const body of [{}, { emoji: 5 }, { emoji: null }, { emoji: '👍', extra: true }]) {
    const answer = await request(env.server, 'POST', `/api/saas/chat/messages/${message.id}/react`, { headers: env.clinic.headers, json: body })
    assert.equal(answer.status, 400, JSON.stringify(body))
  }
  assert.equal(graphCalls.length, 0)
  assert.deepEqual(await inboxSnapshot(env.clinic), before)
})

test('unknown, malformed and other tenants’ message ids are 404 MESSAGE_NOT_FOUND, and nothing is written', async () => {
  const theirs = await messageIn(env.other)
  const before = await inboxSnapshot(env.clinic, env.other)
  for (const id of [theirs.id, '5b1e0c2a-8f3d-4e6b-9a7c-1d2e3f4a5b6c', 'not-a-uuid', theirs.wamid]) {
    for (const answer of [await star(env.clinic, id), await react(env.clinic, id, '👍')]) {
      assert.equal(answer.status, 404, id)
      assert.equal(answer.body.code, 'MESSAGE_NOT_FOUND')
    }
  }
  assert.equal(graphCalls.length, 0)
  assert.deepEqual(await inboxSnapshot(env.clinic, env.other), before)
})

test('a message not yet on WhatsApp (no wamid) is 409 MESSAGE_NOT_SENT', async () => {
  const queued = await queuedMessage(env.clinic)
  const before = await inboxSnapshot(env.clinic)
  const answer = await react(env.clinic, queued.id, '👍')
  assert.equal(answer.status, 409)
  assert.equal(answer.body.code, 'MESSAGE_NOT_SENT')
  assert.equal(graphCalls.length, 0)
  assert.deepEqual(await inboxSnapshot(env.clinic), before)
})

test('outside the 24-hour window, unconfigured WhatsApp, and Meta’s refusals are 4xx/502 with nothing stored', async () => {
  const stale = await messageIn(env.clinic, { hoursAgo: 25 })
  const refused = await messageIn(env.clinic, { wamid: REFUSED })
  const throttled = await messageIn(env.clinic, { wamid: THROTTLED })
  const unconfigured = await messageIn(env.bare)
  const before = await inboxSnapshot(env.clinic, env.bare)

  const outside = await react(env.clinic, stale.id, '👍')
  assert.equal(outside.status, 422)
  assert.equal(outside.body.code, 'OUTSIDE_SERVICE_WINDOW')
  assert.equal(graphCalls.length, 0)

  const bare = await react(env.bare, unconfigured.id, '👍')
  assert.equal(bare.status, 422)
  assert.equal(bare.body.code, 'WHATSAPP_NOT_CONFIGURED')

  const rejected = await react(env.clinic, refused.id, '👍')
  assert.equal(rejected.status, 422)
  assert.equal(rejected.body.code, 'WHATSAPP_REJECTED')
  assert.match(rejected.body.message, /\(#100\) Invalid parameter/)

  const unavailable = await react(env.clinic, throttled.id, '👍')
  assert.equal(unavailable.status, 502)
  assert.equal(unavailable.body.code, 'WHATSAPP_UNAVAILABLE')
  assert.match(unavailable.body.message, /130429/)

  assert.equal(graphCalls.length, 2)
  assert.deepEqual(await inboxSnapshot(env.clinic, env.bare), before)
})
