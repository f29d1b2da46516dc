import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { createBroadcast, indianPhones, setUpWhatsapp } from './broadcasts-data'

// No Graph call is expected: every request here is refused before anything is queued.
const env = useTestServer({
  tenants: { clinic: 'Broadcast Refusals', other: 'Broadcast Other Tenant', unconfigured: 'Broadcast No WhatsApp' },
  seed: async () => {
    await setUpWhatsapp(env.server, env.clinic, { phoneNumberId: '109876543212001', token: 'mock_refusals' })
    await setUpWhatsapp(env.server, env.other, { phoneNumberId: '109876543212002', token: 'mock_other' })
  },
})

const recipients = (count: number) => indianPhones(40_000_000, count).map((phone) => ({ phone, variables: ['A', 'B'] }))
const valid = { name: 'Camp', templateName: 'health_camp_invite', recipients: recipients(2) }

async function nothingWritten(clientCode = env.clinic.clientCode) {
  const db = tenantDb(env.server, { clientCode })
  const counts = await Promise.all(
    (['broadcasts', 'broadcast_recipients', 'messages', 'conversations'] as const).map(async (table) =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    ),
  )
  assert.deepEqual(counts, [0, 0, 0, 0])
}

test('bad bodies answer 400 VALIDATION_ERROR naming the field, and write nothing', async () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['no recipients', { ...valid, recipients: [] }, 'body.recipients'],
    ['neither recipients nor an audience', { name: 'Camp', templateName: 'health_camp_invite' }, 'body.recipients'],
    ['recipients and an audience', { ...valid, audience: { tags: ['hot'] } }, 'body.audience'],
    ['scheduledAt not a date-time', { ...valid, scheduledAt: 'next tuesday' }, 'body.scheduledAt'],
    ['scheduledAt in the past', { ...valid, scheduledAt: new Date(Date.now() - 60_000).toISOString() }, 'body.scheduledAt'],
    ['scheduledAt years ahead', { ...valid, scheduledAt: '2999-01-01T00:00:00Z' }, 'body.scheduledAt'],
    ['an empty audience', { name: 'Camp', templateName: 'health_camp_invite', audience: {} }, 'body.audience'],
  ]
  for (const [where, body, field] of cases) {
    expectRefused(await createBroadcast(env.server, env.clinic, body), 400, 'VALIDATION_ERROR', { where, fields: [field] })
  }
  await nothingWritten()
})

test('over 100,000 recipients answers 400 VALIDATION_ERROR, and writes nothing', async () => {
  const tooMany = Array.from({ length: 100_001 }, (_, i) => ({ phone: `+9197${String(i).padStart(8, '0')}` }))
  const answer = await createBroadcast(env.server, env.clinic, { name: 'Too many', templateName: 'health_camp_invite', recipients: tooMany })
  expectRefused(answer, 400, 'VALIDATION_ERROR', { fields: ['body.recipients'] })
  await nothingWritten()
})

test('an unknown or unapproved template, no phone to send to, or no WhatsApp: the code says which, nothing written', async () => {
  expectRefused(await createBroadcast(env.server, env.clinic, { ...valid, templateName: 'no_such_template' }), 404, 'TEMPLATE_NOT_FOUND')
  expectRefused(await createBroadcast(env.server, env.clinic, { ...valid, language: 'pt_BR' }), 404, 'TEMPLATE_NOT_FOUND')
  expectRefused(await createBroadcast(env.server, env.clinic, { ...valid, templateName: 'not_yet_approved' }), 422, 'TEMPLATE_NOT_APPROVED')
  const unusable = [{ phone: 'not a phone' }, { phone: '+919812345678', variables: ['only one'] }]
  const none = await createBroadcast(env.server, env.clinic, { ...valid, recipients: unusable })
  expectRefused(none, 422, 'BROADCAST_NO_RECIPIENTS', { fields: ['body.recipients.0', 'body.recipients.1'] })
  expectRefused(await createBroadcast(env.server, env.clinic, { name: 'Nobody', templateName: 'health_camp_invite', audience: { tags: ['nobody-has-it'] } }), 422, 'BROADCAST_NO_RECIPIENTS')
  expectRefused(await createBroadcast(env.server, env.unconfigured, valid), 422, 'WHATSAPP_NOT_CONFIGURED')
  await nothingWritten()
  await nothingWritten(env.unconfigured.clientCode)
})

test("an unknown, malformed or another tenant's broadcast id answers 404 BROADCAST_NOT_FOUND", async () => {
  const created = await createBroadcast(env.server, env.other, { ...valid, scheduledAt: new Date(Date.now() + 3_600_000).toISOString() })
  assert.equal(created.status, 202, JSON.stringify(created.body))
  const theirs = created.body.data.broadcastId
  for (const id of [theirs, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
    for (const [method, path] of [['GET', `/api/saas/chat/broadcasts/${id}`], ['GET', `/api/saas/chat/broadcasts/${id}/recipients`], ['POST', `/api/saas/chat/broadcasts/${id}/cancel`]] as const) {
      expectRefused(await request(env.server, method, path, { headers: env.clinic.headers }), 404, 'BROADCAST_NOT_FOUND', { where: `${method} ${path}` })
    }
  }
  const bad = await request(env.server, 'GET', `/api/saas/chat/broadcasts/${theirs}/recipients?status=lost`, { headers: env.other.headers })
  expectRefused(bad, 400, 'VALIDATION_ERROR', { fields: ['query.status'] })
  await nothingWritten()
})
