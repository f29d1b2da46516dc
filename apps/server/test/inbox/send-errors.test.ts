import assert from 'node:assert/strict'
import { test } from 'node:test'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import { sweepOutboundQueueJob, INTERRUPTED_TITLE } from '../../src/areas/inbox/sending/sweep-outbound-queue.job'
import { snapshotTables } from '../helpers/db-snapshot'
import { adminHeaders, request } from '../helpers/http'
import { tenantDb, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'

const setSecrets = (target: TestTenant, secrets: Record<string, unknown>) =>
  request(env.server, 'POST', `/api/clients/${target.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })

// An API node: nothing sends what the requests queue, so each test sees exactly what its requests wrote.
const env = useTestServer({
  config: { role: 'api' },
  tenants: { clinic: 'WA Refusals Clinic', other: 'WA Refusals Other', bare: 'WA Refusals Unconfigured' },
  seed: async () => {
    await setSecrets(env.clinic, { whatsappToken: 'EAAG-live-token', whatsappPhoneNumberId: '109876543210987' })
    await setSecrets(env.other, { whatsappToken: 'EAAG-other-token', whatsappPhoneNumberId: '109876543210989' })
    for (const tenant of [env.clinic, env.other]) {
      await insertWhatsappTemplate(env.server, tenant, { name: 'appointment_confirmed', language: 'en_US', status: 'APPROVED' })
      await insertWhatsappTemplate(env.server, tenant, { name: 'still_pending', language: 'en_US', status: 'PENDING' })
    }
  },
})

const send = (tenant: TestTenant, body: Record<string, unknown>) => request(env.server, 'POST', '/api/saas/chat/send', { headers: tenant.headers, json: body })
const template = { templateName: 'appointment_confirmed', variables: ['Ravi'] }
const inboxTables = (tenant: TestTenant) => ['conversations', 'messages'].map((table) => `${schemaNameFor(tenant.clientCode)}.${table}`)

async function expectRefused(tenant: TestTenant, body: Record<string, unknown>, status: number, code: string, paths?: string[]) {
  const before = await snapshotTables(env.server, inboxTables(tenant))
  const answer = await send(tenant, body)
  assert.equal(answer.status, status, JSON.stringify(answer.body))
  assert.equal(answer.body.code, code)
  if (paths) assert.deepEqual(answer.body.details.map((detail: { path: string }) => detail.path).sort(), [...paths].sort())
  assert.deepEqual(await snapshotTables(env.server, inboxTables(tenant)), before, 'a refused send writes nothing')
  return answer
}

test('no content, or two kinds of it, is 400 naming the fields', async () => {
  const to = '+919876500101'
  await expectRefused(env.clinic, { to }, 400, 'VALIDATION_ERROR', ['body.text', 'body.templateName', 'body.mediaUrl'])
  await expectRefused(env.clinic, { to, text: 'Hi', templateName: 'appointment_confirmed' }, 400, 'VALIDATION_ERROR', ['body.text', 'body.templateName'])
  await expectRefused(env.clinic, { to, text: 'Hi', mediaUrl: 'https://cdn.example.com/a.jpg', mediaType: 'image', caption: 'A' }, 400, 'VALIDATION_ERROR', [
    'body.text',
    'body.mediaUrl',
    'body.mediaType',
    'body.caption',
  ])
  await expectRefused(env.clinic, { to, variables: ['Ravi'] }, 400, 'VALIDATION_ERROR', ['body.templateName'])
  await expectRefused(env.clinic, { to, mediaUrl: 'https://cdn.example.com/a.jpg' }, 400, 'VALIDATION_ERROR', ['body.mediaType'])
  await expectRefused(env.clinic, { to, mediaType: 'image', caption: 'A' }, 400, 'VALIDATION_ERROR', ['body.mediaUrl'])
  await expectRefused(env.clinic, { to, mediaUrl: 'ftp://cdn.example.com/a.jpg', mediaType: 'image' }, 400, 'VALIDATION_ERROR', ['body.mediaUrl'])
  await expectRefused(env.clinic, { to, mediaUrl: 'https://cdn.example.com/a.ogg', mediaType: 'audio', caption: 'Listen' }, 400, 'VALIDATION_ERROR', ['body.caption'])
  await expectRefused(env.clinic, { to, mediaUrl: 'https://cdn.example.com/a.gif', mediaType: 'sticker' }, 400, 'VALIDATION_ERROR')
})

test('a phone that is not a number is 400 naming body.to', async () => {
  for (const to of ['12', 'not a phone', '+91 98765 43210 ext. 4']) await expectRefused(env.clinic, { to, ...template }, 400, 'VALIDATION_ERROR', ['body.to'])
})

test('an unknown template is 404 TEMPLATE_NOT_FOUND, one not approved 422 TEMPLATE_NOT_APPROVED', async () => {
  const to = '+919876500102'
  await expectRefused(env.clinic, { to, templateName: 'never_synced' }, 404, 'TEMPLATE_NOT_FOUND')
  await expectRefused(env.clinic, { to, templateName: 'appointment_confirmed', templateLanguage: 'hi' }, 404, 'TEMPLATE_NOT_FOUND')
  await expectRefused(env.clinic, { to, templateName: 'still_pending' }, 422, 'TEMPLATE_NOT_APPROVED')
})

test('a tenant without WhatsApp credentials is 422 WHATSAPP_NOT_CONFIGURED', async () => {
  await expectRefused(env.bare, { to: '+919876500103', ...template }, 422, 'WHATSAPP_NOT_CONFIGURED')
})

test('free-form content to a conversation the contact never wrote in is 422 OUTSIDE_SERVICE_WINDOW', async () => {
  const to = '+919876500104'
  assert.equal((await send(env.clinic, { to, ...template })).status, 201)
  await expectRefused(env.clinic, { to, text: 'Following up' }, 422, 'OUTSIDE_SERVICE_WINDOW')
  await expectRefused(env.clinic, { to, mediaUrl: 'https://cdn.example.com/a.pdf', mediaType: 'document' }, 422, 'OUTSIDE_SERVICE_WINDOW')
})

test('replyTo must name a message of the conversation with that phone: anything else is 404 MESSAGE_NOT_FOUND', async () => {
  const ours = (await send(env.clinic, { to: '+919876500105', ...template })).body.data
  const elsewhere = (await send(env.clinic, { to: '+919876500106', ...template })).body.data
  const foreign = (await send(env.other, { to: '+919876500105', ...template })).body.data
  for (const replyTo of [elsewhere.id, foreign.id, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
    await expectRefused(env.clinic, { to: '+919876500105', ...template, replyTo }, 404, 'MESSAGE_NOT_FOUND')
  }
  const reply = await send(env.clinic, { to: '+919876500105', ...template, replyTo: ours.id })
  assert.equal(reply.status, 201)
  assert.deepEqual(reply.body.data.replyTo, { id: ours.id, wamid: null })
})

test('a message whose worker stopped mid-send is failed by the sweep, never sent again', async () => {
  const queued = (await send(env.clinic, { to: '+919876500107', ...template })).body.data
  const db = tenantDb(env.server, env.clinic)
  // What a worker that died between its claim and Graph's answer leaves behind.
  await db.updateTable('messages').set({ send_started_at: new Date(Date.now() - 10 * 60_000) }).where('id', '=', queued.id).execute()
  const waiting = (await send(env.clinic, { to: '+919876500108', ...template })).body.data

  await sweepOutboundQueueJob.run(env.server.platform, {})
  const rows = await db.selectFrom('messages').select(['id', 'status', 'error_code', 'error_title', 'send_started_at']).where('id', 'in', [queued.id, waiting.id]).execute()
  const byId = Object.fromEntries(rows.map((row) => [row.id, row]))
  assert.deepEqual(byId[queued.id], { id: queued.id, status: 'failed', error_code: null, error_title: INTERRUPTED_TITLE, send_started_at: null })
  assert.equal(byId[waiting.id]?.status, 'queued', 'a message not in flight stays queued for the sender')
})
