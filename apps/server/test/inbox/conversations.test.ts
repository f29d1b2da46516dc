import assert from 'node:assert/strict'
import { after, before, beforeEach, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import { request } from '../helpers/http'
import { deliverToWebhook, inboundTextDelivery, newWamid } from '../helpers/meta-webhook'
import { simulateThirdParties } from '../helpers/network-edge'
import { openSocket, type TestSocket } from '../helpers/realtime-socket'
import { tenantDb, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { setSecrets, settledDelivery } from './webhook-data'

const GRAPH = 'https://graph.facebook.com/v21.0'
const PHONE_NUMBER_ID = '109876543210987'
const TOKEN = 'EAAG-live-token'
const APP_SECRET = '7c1e5a9b3d2f4e6a8b0c1d2e3f4a5b6c'
/** A wamid the simulated Graph refuses a read receipt for, as Meta does for an unknown message. */
const UNKNOWN_TO_META = 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUVU5LTk9XTg=='

const receipts: { path: string; authorization: string | null; body: any }[] = []
const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    const body = (await req.json()) as any
    receipts.push({ path: new URL(req.url).pathname, authorization: req.headers.get('authorization'), body })
    if (body.message_id === UNKNOWN_TO_META) {
      return HttpResponse.json(
        { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, error_data: { messaging_product: 'whatsapp', details: 'Invalid message_id' }, fbtrace_id: 'AbCdEfGh' } },
        { status: 400 },
      )
    }
    return HttpResponse.json({ success: true })
  }),
)

/** Each tenant's WhatsApp number (`whatsappPhoneNumberId`), by client code: where the webhook routes its deliveries. */
const numbers: Record<string, string> = {}
before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'Inbox Clinic', sandbox: 'Inbox Sandbox', filters: 'Inbox Filters' },
  config: { whatsappAppSecret: APP_SECRET },
  seed: async () => {
    const configure = async (tenant: TestTenant, token: string, phoneNumberId: string) => {
      numbers[tenant.clientCode] = phoneNumberId
      assert.equal((await setSecrets(env.server, tenant, { whatsappToken: token, whatsappPhoneNumberId: phoneNumberId })).status, 200)
    }
    await configure(env.clinic, TOKEN, PHONE_NUMBER_ID)
    await configure(env.sandbox, 'mock_sandbox', '109876543210988')
    await configure(env.filters, 'mock_filters', '109876543210989')
  },
})
after(() => graph.close())
beforeEach(() => {
  receipts.length = 0
})

let phones = 0
const nextPhone = () => `+9197${String(10_000_000 + ++phones)}`

const call = (tenant: TestTenant, method: string, path: string, json?: unknown) =>
  request(env.server, method, `/api/saas/chat/conversations${path}`, { headers: tenant.headers, json })

async function createConversation(tenant: TestTenant, json: { phone: string; name?: string }) {
  const answer = await call(tenant, 'POST', '', json)
  assert.equal(answer.status, 201, JSON.stringify(answer.body))
  return answer.body.data
}

/**
 * A message in the conversation: an inbound one delivered to the webhook as Meta sends it (and
 * applied); an outbound one as the outbound queue stores a sent message, written to the tables so
 * its time is the test's (the queue stamps its own).
 */
async function message(
  tenant: TestTenant,
  conversation: { id: string; phone: string },
  options: { at: Date; text?: string; direction?: 'inbound' | 'outbound'; wamid?: string },
) {
  const db = tenantDb(env.server, tenant)
  const text = options.text ?? 'Is 3 PM free?'
  const wamid = options.wamid ?? newWamid()
  if (options.direction !== 'outbound') {
    const delivery = inboundTextDelivery({ phoneNumberId: numbers[tenant.clientCode]!, from: conversation.phone.slice(1), text, at: options.at, wamid })
    const answer = await deliverToWebhook(env.server, APP_SECRET, delivery)
    assert.equal((await settledDelivery(env.server, answer.body.data.deliveryId)).status, 'processed')
    return (await db.selectFrom('messages').select('id').where('wamid', '=', wamid).executeTakeFirstOrThrow()).id
  }
  const row = await db
    .insertInto('messages')
    .values({ conversation_id: conversation.id, wamid, direction: 'outbound', type: 'text', status: 'sent', body: text, content: JSON.stringify({}), created_at: options.at })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.updateTable('conversations').set({ last_message_at: options.at, last_message_preview: text }).where('id', '=', conversation.id).execute()
  return row.id
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)

async function socketOf(tenant: TestTenant): Promise<TestSocket> {
  const socket = await openSocket(env.server, { headers: tenant.headers })
  assert.ok('ws' in socket, `the socket opens: ${JSON.stringify(socket)}`)
  return socket
}

test('POST creates the conversation for a phone in E.164 (201); the same phone in any notation answers 200 with it, unchanged', async () => {
  const created = await call(env.clinic, 'POST', '', { phone: '098765 00001', name: 'Ravi Kumar' })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const conversation = created.body.data
  assert.equal(conversation.phone, '+919876500001')
  assert.equal(conversation.name, 'Ravi Kumar')
  assert.equal(conversation.status, 'open')
  assert.equal(conversation.unreadCount, 0)
  assert.equal(conversation.leadId, null)
  assert.deepEqual(conversation.tags, [])
  assert.equal(conversation.lastMessageAt, null)
  assert.equal(conversation.serviceWindowOpen, false, 'the contact has not written: templates only')

  const again = await call(env.clinic, 'POST', '', { phone: '+91 98765-00001', name: 'Someone Else' })
  assert.equal(again.status, 200)
  assert.deepEqual(again.body.data, conversation)

  const fetched = await call(env.clinic, 'GET', `/${conversation.id}`)
  assert.equal(fetched.status, 200)
  assert.deepEqual(fetched.body.data, conversation)
})

test('POST links the open lead with that phone, and creates no lead when there is none', async () => {
  const lead = await request(env.server, 'POST', '/api/crm/leads', { headers: env.clinic.headers, json: { firstName: 'Suresh', phone: '+919876500002' } })
  assert.equal(lead.status, 201)
  const linked = await createConversation(env.clinic, { phone: '9876500002' })
  assert.equal(linked.leadId, lead.body.data.id)

  const leads = () => tenantDb(env.server, env.clinic).selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const before = await leads()
  const unlinked = await createConversation(env.clinic, { phone: '+919876500003' })
  assert.equal(unlinked.leadId, null)
  assert.deepEqual(await leads(), before, 'no lead was created')
})

test('concurrent POSTs for one phone make one conversation: one 201, the others 200 with it', async () => {
  const phone = nextPhone()
  const answers = await Promise.all(Array.from({ length: 5 }, () => call(env.clinic, 'POST', '', { phone })))
  assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 200, 200, 200, 201])
  assert.equal(new Set(answers.map((answer) => answer.body.data.id)).size, 1)
})

test('the list: newest message first, conversations without messages last, paginated in the envelope', async () => {
  const { sandbox } = env
  const quiet = await createConversation(sandbox, { phone: nextPhone(), name: 'No messages yet' })
  const old = await createConversation(sandbox, { phone: nextPhone(), name: 'Old' })
  const recent = await createConversation(sandbox, { phone: nextPhone(), name: 'Recent' })
  const middle = await createConversation(sandbox, { phone: nextPhone(), name: 'Middle' })
  await message(sandbox, old, { at: minutesAgo(30) })
  await message(sandbox, recent, { at: minutesAgo(1) })
  await message(sandbox, middle, { at: minutesAgo(10), direction: 'outbound' })

  const all = await call(sandbox, 'GET', '')
  assert.equal(all.status, 200)
  assert.deepEqual(
    all.body.data.map((conversation: { id: string }) => conversation.id),
    [recent.id, middle.id, old.id, quiet.id],
  )
  assert.equal(all.body.data[0].lastMessagePreview, 'Is 3 PM free?')
  assert.equal(all.body.data[0].serviceWindowOpen, true, 'the contact wrote a minute ago')

  const second = await call(sandbox, 'GET', '?limit=3&page=2')
  assert.deepEqual(
    { ids: second.body.data.map((conversation: { id: string }) => conversation.id), total: second.body.total, page: second.body.page, limit: second.body.limit, totalPages: second.body.totalPages },
    { ids: [quiet.id], total: 4, page: 2, limit: 3, totalPages: 2 },
  )
})

test('the list filters by status, unread, assignee, tag and search (part of the name or phone, or a whole phone in any notation), combined', async () => {
  const { filters } = env
  const ravi = await createConversation(filters, { phone: '+919876511111', name: 'Ravi Kumar' })
  const anita = await createConversation(filters, { phone: '+919876522222', name: 'Anita Rao' })
  const priya = await createConversation(filters, { phone: '+447700900333', name: 'Priya 50%_off' })
  await message(filters, ravi, { at: minutesAgo(3) })
  await message(filters, anita, { at: minutesAgo(2) })
  await message(filters, priya, { at: minutesAgo(1) })
  assert.equal((await call(filters, 'PATCH', `/${anita.id}`, { status: 'closed', assignedTo: 'agent-7', tags: ['vip'] })).status, 200)
  assert.equal((await call(filters, 'PATCH', `/${ravi.id}`, { assignedTo: 'agent-7', tags: ['vip', 'billing'] })).status, 200)
  assert.equal((await call(filters, 'POST', `/${priya.id}/read`)).status, 200)

  const ids = async (query: string) => {
    const answer = await call(filters, 'GET', `?${query}`)
    assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`)
    assert.equal(answer.body.total, answer.body.data.length, query)
    return answer.body.data.map((conversation: { id: string }) => conversation.id)
  }
  assert.deepEqual(await ids('status=open'), [priya.id, ravi.id])
  assert.deepEqual(await ids('status=closed'), [anita.id])
  assert.deepEqual(await ids('unread=true'), [anita.id, ravi.id])
  assert.deepEqual(await ids('unread=false'), [priya.id])
  assert.deepEqual(await ids('assignedTo=agent-7'), [anita.id, ravi.id])
  assert.deepEqual(await ids('assignedTo=agent-8'), [])
  assert.deepEqual(await ids('tag=vip'), [anita.id, ravi.id])
  assert.deepEqual(await ids('tag=billing'), [ravi.id])
  assert.deepEqual(await ids('search=KUMAR'), [ravi.id])
  assert.deepEqual(await ids('search=anita%20rao'), [anita.id])
  assert.deepEqual(await ids('search=98765'), [anita.id, ravi.id])
  assert.deepEqual(await ids(`search=${encodeURIComponent('098765 22222')}`), [anita.id], 'a whole phone, written nationally')
  assert.deepEqual(await ids(`search=${encodeURIComponent('50%_')}`), [priya.id], '% and _ are text, not wildcards')
  assert.deepEqual(await ids('search=%25'), [priya.id])
  assert.deepEqual(await ids('search=zz'), [])
  assert.deepEqual(await ids('status=open&unread=true&assignedTo=agent-7&tag=billing&search=ravi'), [ravi.id])
  assert.deepEqual(await ids('status=closed&search=ravi'), [])
})

test('PATCH sets status, assignee, tags (a set) and name; null clears; the change reaches sockets', async () => {
  const socket = await socketOf(env.clinic)
  try {
    const conversation = await createConversation(env.clinic, { phone: nextPhone(), name: 'Meera' })
    const patched = await call(env.clinic, 'PATCH', `/${conversation.id}`, { status: 'closed', assignedTo: 'agent-3', tags: ['vip', 'urgent', 'vip'], name: 'Meera Iyer' })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    assert.deepEqual(
      { status: patched.body.data.status, assignedTo: patched.body.data.assignedTo, tags: patched.body.data.tags, name: patched.body.data.name },
      { status: 'closed', assignedTo: 'agent-3', tags: ['vip', 'urgent'], name: 'Meera Iyer' },
    )
    assert.ok(patched.body.data.updatedAt > conversation.updatedAt)
    const frame = await socket.frame('the patched conversation', (f) => f.type === 'conversation:updated' && f.data.id === conversation.id && f.data.status === 'closed')
    assert.deepEqual(frame.data, patched.body.data)

    const cleared = await call(env.clinic, 'PATCH', `/${conversation.id}`, { assignedTo: null, name: null, tags: [] })
    assert.deepEqual(
      { status: cleared.body.data.status, assignedTo: cleared.body.data.assignedTo, tags: cleared.body.data.tags, name: cleared.body.data.name },
      { status: 'closed', assignedTo: null, tags: [], name: null },
    )
    assert.deepEqual((await call(env.clinic, 'GET', `/${conversation.id}`)).body.data, cleared.body.data)
  } finally {
    socket.ws.close()
  }
})

test('read: unread back to 0, and Meta gets a read receipt for the contact’s last message, with the tenant’s token', async () => {
  const socket = await socketOf(env.clinic)
  try {
    const conversation = await createConversation(env.clinic, { phone: nextPhone() })
    const first = newWamid()
    const last = newWamid()
    await message(env.clinic, conversation, { at: minutesAgo(5), wamid: first })
    await message(env.clinic, conversation, { at: minutesAgo(4), wamid: last })
    await message(env.clinic, conversation, { at: minutesAgo(3), direction: 'outbound' })
    assert.equal((await call(env.clinic, 'GET', `/${conversation.id}`)).body.data.unreadCount, 2)

    const read = await call(env.clinic, 'POST', `/${conversation.id}/read`)
    assert.equal(read.status, 200, JSON.stringify(read.body))
    assert.equal(read.body.data.unreadCount, 0)
    assert.deepEqual(receipts, [
      {
        path: `/v21.0/${PHONE_NUMBER_ID}/messages`,
        authorization: `Bearer ${TOKEN}`,
        body: { messaging_product: 'whatsapp', status: 'read', message_id: last },
      },
    ])
    const frame = await socket.frame('the read conversation', (f) => f.type === 'conversation:updated' && f.data.id === conversation.id)
    assert.equal(frame.data.unreadCount, 0)

    receipts.length = 0
    const again = await call(env.clinic, 'POST', `/${conversation.id}/read`)
    assert.equal(again.status, 200)
    assert.deepEqual(again.body.data, read.body.data, 'nothing was unread: no change')
    assert.deepEqual(receipts, [], 'and no second receipt')
  } finally {
    socket.ws.close()
  }
})

test('read: a receipt Graph refuses is logged, not an error; the sandbox sends none', async () => {
  const refused = await createConversation(env.clinic, { phone: nextPhone() })
  await message(env.clinic, refused, { at: minutesAgo(2), wamid: UNKNOWN_TO_META })
  const read = await call(env.clinic, 'POST', `/${refused.id}/read`)
  assert.equal(read.status, 200, JSON.stringify(read.body))
  assert.equal(read.body.data.unreadCount, 0)
  assert.equal(receipts.length, 1, 'it was tried')

  receipts.length = 0
  const sandboxed = await createConversation(env.sandbox, { phone: nextPhone() })
  await message(env.sandbox, sandboxed, { at: minutesAgo(2) })
  assert.equal((await call(env.sandbox, 'POST', `/${sandboxed.id}/read`)).body.data.unreadCount, 0)
  assert.deepEqual(receipts, [], 'the sandbox sends nothing')
})

test('DELETE removes the conversation and its messages, and nothing else; sockets are told', async () => {
  const socket = await socketOf(env.clinic)
  try {
    const lead = await request(env.server, 'POST', '/api/crm/leads', { headers: env.clinic.headers, json: { firstName: 'Kavya', phone: '+919876500004' } })
    const doomed = await createConversation(env.clinic, { phone: '+919876500004' })
    const kept = await createConversation(env.clinic, { phone: nextPhone() })
    for (const minutes of [5, 4, 3]) await message(env.clinic, doomed, { at: minutesAgo(minutes) })
    const keptMessage = await message(env.clinic, kept, { at: minutesAgo(2) })

    const deleted = await call(env.clinic, 'DELETE', `/${doomed.id}`)
    assert.equal(deleted.status, 200)
    assert.deepEqual(deleted.body.data, { id: doomed.id, deleted: true })
    const frame = await socket.frame('the deletion', (f) => f.type === 'conversation:deleted')
    assert.deepEqual(frame.data, { id: doomed.id })

    const db = tenantDb(env.server, env.clinic)
    assert.deepEqual(await db.selectFrom('messages').select('id').where('conversation_id', '=', doomed.id).execute(), [])
    assert.deepEqual(await db.selectFrom('messages').select('id').where('conversation_id', '=', kept.id).execute(), [{ id: keptMessage }])
    assert.equal((await call(env.clinic, 'GET', `/${doomed.id}`)).status, 404)
    assert.equal((await call(env.clinic, 'GET', `/${kept.id}`)).status, 200)
    const stillThere = await request(env.server, 'GET', `/api/crm/leads/${lead.body.data.id}`, { headers: env.clinic.headers })
    assert.equal(stillThere.status, 200, 'the lead stays')
    assert.equal((await call(env.clinic, 'DELETE', `/${doomed.id}`)).status, 404, 'a second delete finds nothing')
  } finally {
    socket.ws.close()
  }
})

test('messages: oldest → newest; the newest page first, `before` pages back, `after` catches up, `hasMore` says when more lie beyond', async () => {
  const conversation = await createConversation(env.clinic, { phone: nextPhone() })
  const ids: string[] = []
  for (let i = 0; i < 7; i++) {
    ids.push(await message(env.clinic, conversation, { at: minutesAgo(60 - i), text: `m${i}`, direction: i % 2 === 0 ? 'inbound' : 'outbound' }))
  }
  const page = async (query: string) => {
    const answer = await call(env.clinic, 'GET', `/${conversation.id}/messages?${query}`)
    assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`)
    return { texts: answer.body.data.map((m: { text: string }) => m.text), hasMore: answer.body.hasMore }
  }
  assert.deepEqual(await page(''), { texts: ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6'], hasMore: false })
  assert.deepEqual(await page('limit=3'), { texts: ['m4', 'm5', 'm6'], hasMore: true })
  assert.deepEqual(await page(`limit=3&before=${ids[4]}`), { texts: ['m1', 'm2', 'm3'], hasMore: true })
  assert.deepEqual(await page(`limit=3&before=${ids[1]}`), { texts: ['m0'], hasMore: false })
  assert.deepEqual(await page(`limit=3&after=${ids[1]}`), { texts: ['m2', 'm3', 'm4'], hasMore: true })
  assert.deepEqual(await page(`limit=3&after=${ids[3]}`), { texts: ['m4', 'm5', 'm6'], hasMore: false })
  assert.deepEqual(await page(`after=${ids[6]}`), { texts: [], hasMore: false })
  assert.deepEqual(await page(`after=${ids[1]}&before=${ids[5]}`), { texts: ['m2', 'm3', 'm4'], hasMore: false })
  assert.deepEqual(await page('direction=outbound'), { texts: ['m1', 'm3', 'm5'], hasMore: false })
  assert.deepEqual(await page(`direction=inbound&before=${ids[5]}`), { texts: ['m0', 'm2', 'm4'], hasMore: false })
  assert.deepEqual(await page('status=received&limit=2'), { texts: ['m4', 'm6'], hasMore: true })
  assert.deepEqual(await page('status=read'), { texts: [], hasMore: false })

  const view = (await call(env.clinic, 'GET', `/${conversation.id}/messages?limit=1`)).body.data[0]
  assert.equal(view.id, ids[6])
  assert.equal(view.conversationId, conversation.id)
  assert.equal(view.direction, 'inbound')
  assert.equal(view.status, 'received')
})

test('messages at the same moment keep one order across pages (id breaks the tie)', async () => {
  const conversation = await createConversation(env.clinic, { phone: nextPhone() })
  const at = minutesAgo(1)
  for (let i = 0; i < 5; i++) await message(env.clinic, conversation, { at, text: `same${i}` })
  const all = (await call(env.clinic, 'GET', `/${conversation.id}/messages`)).body.data.map((m: { id: string }) => m.id)
  const seen: string[] = []
  let before: string | undefined
  for (;;) {
    const answer = await call(env.clinic, 'GET', `/${conversation.id}/messages?limit=2${before ? `&before=${before}` : ''}`)
    seen.unshift(...answer.body.data.map((m: { id: string }) => m.id))
    if (!answer.body.hasMore) break
    before = answer.body.data[0].id
  }
  assert.deepEqual(seen, all)
})
