import assert from 'node:assert/strict'
import { test } from 'node:test'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import { snapshotTables } from '../helpers/db-snapshot'
import { expectRefused, type HttpResult, request } from '../helpers/http'
import { deliverToWebhook, inboundTextDelivery, newWamid } from '../helpers/meta-webhook'
import { tenantDb, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { setSecrets, settledDelivery } from './webhook-data'

const UNKNOWN = '00000000-0000-4000-8000-000000000000'

const APP_SECRET = '3e9a1c7b5d2f4a6e8c0b1d3f5a7c9e2b'
const PHONE = '+919800000001'

let conversationId: string
let otherConversationId: string
let otherMessageId: string
let ownMessageId: string
const env = useTestServer({
  tenants: { tenant: 'Inbox Errors Clinic', other: 'Inbox Other Clinic' },
  config: { whatsappAppSecret: APP_SECRET },
  async seed() {
    // A conversation made through the API, and a message from the contact through the webhook, in each tenant.
    const seedTenant = async (target: TestTenant, phoneNumberId: string) => {
      await setSecrets(env.server, target, { whatsappToken: 'mock_errors', whatsappPhoneNumberId: phoneNumberId })
      const conversation = (await request(env.server, 'POST', '/api/saas/chat/conversations', { headers: target.headers, json: { phone: PHONE, name: 'Ravi' } })).body.data.id
      const wamid = newWamid()
      const answer = await deliverToWebhook(env.server, APP_SECRET, inboundTextDelivery({ phoneNumberId, from: PHONE.slice(1), text: 'Hi', wamid }))
      await settledDelivery(env.server, answer.body.data.deliveryId)
      const message = await tenantDb(env.server, target).selectFrom('messages').select('id').where('wamid', '=', wamid).executeTakeFirstOrThrow()
      return [conversation, message.id]
    }
    ;[conversationId, ownMessageId] = await seedTenant(env.tenant, '109876543210981')
    ;[otherConversationId, otherMessageId] = await seedTenant(env.other, '109876543210982')
  },
})

/** Every row of both tenants' inbox tables and leads. */
const inboxTables = () =>
  snapshotTables(
    env.server,
    [env.tenant, env.other].flatMap(({ clientCode }) => ['conversations', 'messages', 'leads'].map((table) => `${schemaNameFor(clientCode)}.${table}`)),
  )

async function expectRefusedWritingNothing(call: () => Promise<HttpResult>, status: number, code: string, field?: string) {
  const before = await inboxTables()
  const result = await call()
  expectRefused(result, status, code, { fields: field ? [field] : [] })
  assert.deepEqual(await inboxTables(), before, 'nothing was written')
}

const send = (method: string, path: string, json?: unknown) => () =>
  request(env.server, method, `/api/saas/chat/conversations${path}`, { headers: env.tenant.headers, json })

const idRoutes: [string, string, unknown?][] = [
  ['GET', ''],
  ['PATCH', '', { status: 'closed' }],
  ['DELETE', ''],
  ['POST', '/read'],
  ['GET', '/messages'],
]
for (const [method, suffix, json] of idRoutes) {
  test(`${method} …/conversations/{id}${suffix}: unknown, another tenant's and malformed ids → 404 CONVERSATION_NOT_FOUND, nothing written`, async () => {
    for (const id of [UNKNOWN, () => otherConversationId, 'not-an-id', '42', encodeURIComponent("1' or '1'='1")]) {
      const path = `/${typeof id === 'function' ? id() : id}${suffix}`
      await expectRefusedWritingNothing(send(method, path, json), 404, 'CONVERSATION_NOT_FOUND')
    }
  })
}

test("another tenant's conversation is not in the list, whatever the search", async () => {
  const answer = await request(env.server, 'GET', `/api/saas/chat/conversations?search=${encodeURIComponent(PHONE)}`, { headers: env.tenant.headers })
  assert.deepEqual(
    answer.body.data.map((conversation: { id: string }) => conversation.id),
    [conversationId],
  )
})

test("POST with a phone that is not one → 400 naming body.phone; a missing phone, an empty or oversize name → 400; nothing written", async () => {
  for (const phone of ['call me maybe', '12', '+91 98765 43210 ext. 12', '']) {
    await expectRefusedWritingNothing(send('POST', '', { phone }), 400, 'VALIDATION_ERROR', 'body.phone')
  }
  await expectRefusedWritingNothing(send('POST', '', { name: 'Ravi' }), 400, 'VALIDATION_ERROR', 'body.phone')
  await expectRefusedWritingNothing(send('POST', '', { phone: '+919800000009', name: '' }), 400, 'VALIDATION_ERROR', 'body.name')
  await expectRefusedWritingNothing(send('POST', '', { phone: '+919800000009', name: 'x'.repeat(101) }), 400, 'VALIDATION_ERROR', 'body.name')
  await expectRefusedWritingNothing(send('POST', '', { phone: '+919800000009', leadId: UNKNOWN }), 400, 'VALIDATION_ERROR')
})

const badPatches: [string, unknown, string?][] = [
  ['an empty change', {}],
  ['an unknown status', { status: 'archived' }, 'body.status'],
  ['an unknown field', { unreadCount: 0 }],
  ['51 tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'body.tags'],
  ['a tag of 51 characters', { tags: ['x'.repeat(51)] }, 'body.tags.0'],
  ['an empty tag', { tags: ['vip', ''] }, 'body.tags.1'],
  ['tags that are not a list', { tags: 'vip' }, 'body.tags'],
  ['an empty assignee', { assignedTo: '' }, 'body.assignedTo'],
  ['an oversize name', { name: 'x'.repeat(101) }, 'body.name'],
]
for (const [what, json, field] of badPatches) {
  test(`PATCH with ${what} → 400, nothing written`, () =>
    expectRefusedWritingNothing(send('PATCH', `/${conversationId}`, json), 400, 'VALIDATION_ERROR', field))
}

const badLists: [string, string][] = [
  ['status=archived', 'query.status'],
  ['unread=maybe', 'query.unread'],
  ['limit=0', 'query.limit'],
  ['limit=101', 'query.limit'],
  ['page=0', 'query.page'],
  [`search=${'x'.repeat(101)}`, 'query.search'],
  [`tag=${'x'.repeat(51)}`, 'query.tag'],
]
for (const [query, field] of badLists) {
  test(`GET /conversations?${query.slice(0, 30)} → 400 naming ${field}`, () =>
    expectRefusedWritingNothing(send('GET', `?${query}`), 400, 'VALIDATION_ERROR', field))
}

test('messages: a cursor that names no message of this conversation (unknown, another conversation’s, malformed) → 400 naming it', async () => {
  const otherOwnConversation = (await send('POST', '', { phone: '+919800000002' })()).body.data.id
  for (const field of ['before', 'after']) {
    for (const cursor of [UNKNOWN, otherMessageId, 'not-an-id']) {
      await expectRefusedWritingNothing(send('GET', `/${conversationId}/messages?${field}=${cursor}`), 400, 'VALIDATION_ERROR', `query.${field}`)
    }
    await expectRefusedWritingNothing(send('GET', `/${otherOwnConversation}/messages?${field}=${ownMessageId}`), 400, 'VALIDATION_ERROR', `query.${field}`)
  }
})

const badMessageQueries: [string, string][] = [
  ['direction=sideways', 'query.direction'],
  ['status=seen', 'query.status'],
  ['limit=101', 'query.limit'],
  [`before=${'x'.repeat(101)}`, 'query.before'],
]
for (const [query, field] of badMessageQueries) {
  test(`GET …/messages?${query.slice(0, 30)} → 400 naming ${field}`, () =>
    expectRefusedWritingNothing(send('GET', `/${conversationId}/messages?${query}`), 400, 'VALIDATION_ERROR', field))
}
