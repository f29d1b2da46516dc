import assert from 'node:assert/strict'
import { test } from 'node:test'
import { tenantScope } from '../../src/platform/cache/node-cache'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import { snapshotTables } from '../helpers/db-snapshot'
import { expectRefused, request } from '../helpers/http'
import { deliverToWebhook, inboundTextDelivery, newWamid } from '../helpers/meta-webhook'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'
import { conversationWith, messagesOf, setSecrets, settledDelivery } from './webhook-data'

const NUMBER = '106540352242833'
const APP_SECRET = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d'

const env = useTestServer({
  tenants: { clinic: 'Auto-reply Refusals' },
  config: { whatsappAppSecret: APP_SECRET },
  seed: async (): Promise<void> => {
    const { server, clinic } = env
    assert.equal((await setSecrets(server, clinic, { whatsappToken: 'mock_refusals', whatsappPhoneNumberId: NUMBER })).status, 200)
    await insertWhatsappTemplate(server, clinic, { name: 'welcome', language: 'en_US', status: 'APPROVED' })
    await insertWhatsappTemplate(server, clinic, { name: 'still_pending', language: 'en_US', status: 'PENDING' })
    const components = JSON.stringify([{ type: 'BODY', text: 'Hello {{1}}, your visit is at {{2}}' }])
    await insertWhatsappTemplate(server, clinic, { name: 'with_variables', language: 'en_US', status: 'APPROVED', components })
    assert.equal((await save(SAVED)).status, 200)
  },
})

const SAVED = { flows: [{ id: 'welcome', match: { exact: ['hi'] }, reply: { templateName: 'welcome', language: 'en_US' } }] }
const save = (body: unknown) => request(env.server, 'PUT', '/api/saas/chat/auto-replies', { headers: env.clinic.headers, json: body })
const flow = (id: string, match: unknown, reply: unknown = { text: 'Thanks!' }) => ({ id, match, reply })
const autoReplyTables = () => ['auto_reply_settings', 'auto_replies'].map((table) => `${schemaNameFor(env.clinic.clientCode)}.${table}`)

/** Saving `body` is refused with this status and code, naming the fields, and changes nothing. */
async function expectSaveRefused(body: unknown, status: number, code: string, fields: string[] = []) {
  const before = await snapshotTables(env.server, autoReplyTables())
  expectRefused(await save(body), status, code, { where: JSON.stringify(body).slice(0, 200), fields })
  assert.deepEqual(await snapshotTables(env.server, autoReplyTables()), before, 'a refused save writes nothing')
}

test('101 flows are refused with 400; 100 are the most', async () => {
  const flows = Array.from({ length: 101 }, (_, index) => flow(`flow-${index}`, { contains: [`keyword${index}`] }))
  await expectSaveRefused({ flows }, 400, 'VALIDATION_ERROR', ['body.flows'])
  const hundred = await save({ flows: flows.slice(0, 100) })
  assert.equal(hundred.status, 200)
  assert.equal(hundred.body.data.flows.length, 100)
  assert.equal((await save(SAVED)).status, 200)
})

test('a pattern RE2 cannot run in linear time, or too large a one, is refused with 400 naming it', async () => {
  for (const regex of [String.raw`(\w+)\s\1`, '(?=.*a)b', '(?<!x)y', String.raw`\pL{1000}`, '[unclosed']) {
    await expectSaveRefused({ flows: [flow('ok', { contains: ['hi'] }), flow('risky', { regex })] }, 400, 'VALIDATION_ERROR', ['body.flows.1.match.regex'])
  }
  await expectSaveRefused({ flows: [flow('long', { regex: 'x'.repeat(501) })] }, 400, 'VALIDATION_ERROR', ['body.flows.0.match'])
  // Each pattern within its bound, together past the flows' total.
  const patterns = Array.from({ length: 11 }, (_, index) => flow(`p${index}`, { regex: `.{240}${index}` }))
  await expectSaveRefused({ flows: patterns }, 400, 'VALIDATION_ERROR', ['body.flows'])
})

test('flows that contradict themselves are refused whole, naming each field', async () => {
  await expectSaveRefused({ flows: [flow('same', { contains: ['a'] }), flow('same', { exact: ['b'] })] }, 400, 'VALIDATION_ERROR', ['body.flows.1.id'])
  await expectSaveRefused({ flows: [flow('blank', { exact: ['ok', ' ?! '] })] }, 400, 'VALIDATION_ERROR', ['body.flows.0.match.exact.1'])
  await expectSaveRefused({ flows: [flow('two', { contains: ['a'], regex: 'b' })] }, 400, 'VALIDATION_ERROR')
  await expectSaveRefused({ flows: [flow('bad id!', { contains: ['a'] })] }, 400, 'VALIDATION_ERROR')
  await expectSaveRefused({ flows: [flow('none', { contains: [] })] }, 400, 'VALIDATION_ERROR')
  await expectSaveRefused({ flows: [flow('both', { contains: ['a'] }, { text: 'x', templateName: 'welcome', language: 'en_US' })] }, 400, 'VALIDATION_ERROR')
  await expectSaveRefused({ fallback: { text: 'no flows list' } }, 400, 'VALIDATION_ERROR')
})

test('a template reply must be synced, approved and without variables', async () => {
  const reply = (templateName: string) => ({ templateName, language: 'en_US' })
  await expectSaveRefused({ flows: [flow('t', { exact: ['x'] }, reply('never_synced'))] }, 404, 'TEMPLATE_NOT_FOUND')
  await expectSaveRefused({ flows: [], fallback: reply('still_pending') }, 422, 'TEMPLATE_NOT_APPROVED')
  await expectSaveRefused({ flows: [flow('t', { exact: ['x'] }, reply('with_variables'))] }, 400, 'VALIDATION_ERROR', ['body.flows.0.reply'])
})

test('the test route refuses a missing or empty text', async () => {
  for (const json of [{}, { text: '' }, { text: 'x'.repeat(4097) }, { text: 'hi', extra: true }]) {
    expectRefused(await request(env.server, 'POST', '/api/saas/chat/auto-replies/test', { headers: env.clinic.headers, json }), 400, 'VALIDATION_ERROR')
  }
})

test('a reply whose template was rejected after the save is not sent: the claim records why, the delivery succeeds', async () => {
  const { server, clinic } = env
  await tenantDb(server, clinic).updateTable('whatsapp_templates').set({ status: 'REJECTED' }).where('name', '=', 'welcome').execute()
  await server.platform.cache.invalidate(server.platform.db, [tenantScope(clinic.clientCode)])
  const from = '919820000001'
  const wamid = newWamid()
  const answer = await deliverToWebhook(server, APP_SECRET, inboundTextDelivery({ phoneNumberId: NUMBER, from, text: 'Hi', wamid }))
  assert.equal((await settledDelivery(server, answer.body.data.deliveryId)).status, 'processed')

  const conversation = await conversationWith(server, clinic, `+${from}`)
  assert.deepEqual((await messagesOf(server, clinic, conversation.id)).map((message) => message.direction), ['inbound'])
  const row = await tenantDb(server, clinic).selectFrom('auto_replies').selectAll().where('idempotency_key', '=', `auto-reply:${wamid}`).executeTakeFirstOrThrow()
  assert.equal(row.flow_id, 'welcome')
  assert.equal(row.reply_message_id, null)
  assert.match(row.error ?? '', /^TEMPLATE_NOT_APPROVED: /)
})
