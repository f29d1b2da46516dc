import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { adminHeaders, request } from '../helpers/http'
import { moveToOwnDatabase, uniqueCode } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer()

const admin = () => ({ headers: adminHeaders(env.server) })

test('creating a client returns its code, API key and webhook secret once, and creates its schema', async () => {
  const clientCode = uniqueCode('nirvisham')
  const created = await request(env.server, 'POST', '/api/clients', { ...admin(), json: { name: 'Nirvisham Clinics', clientCode } })
  assert.equal(created.status, 201)
  assert.equal(created.body.success, true)
  const { data } = created.body
  assert.equal(data.clientCode, clientCode)
  assert.equal(data.name, 'Nirvisham Clinics')
  assert.match(data.apiKey, /^ecx_[\w-]{43}$/)
  assert.match(data.webhookSecret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'Standard Webhooks form: whsec_ and base64 of 32 bytes')
  assert.ok(!Number.isNaN(Date.parse(data.createdAt)))

  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = ${`tenant_${clientCode}`}`.execute(env.server.platform.db)
  assert.ok(rows.some((row) => row.table_name === 'automation_rules'))

  const fetched = await request(env.server, 'GET', `/api/clients/${clientCode}`, admin())
  assert.equal(fetched.status, 200)
  assert.equal(fetched.body.data.clientCode, clientCode)
  assert.equal(fetched.body.data.secrets.automationWebhookSecret, true)
  assert.equal(fetched.body.data.secrets.whatsappToken, false)
  assert.equal(fetched.body.data.datasource, null)
  assert.deepEqual(fetched.body.data.corsOrigins, [])
  const shown = JSON.stringify(fetched.body)
  assert.ok(!shown.includes(data.apiKey) && !shown.includes(data.webhookSecret), 'neither credential is shown again')
})

test('without a clientCode one is derived from the name', async () => {
  const created = await request(env.server, 'POST', '/api/clients', { ...admin(), json: { name: 'Dr. Sharma’s Dental Care' } })
  assert.equal(created.status, 201)
  assert.match(created.body.data.clientCode, /^dr_sharma_s_dental_care_[0-9a-f]{4}$/)
})

test('listing clients is paginated', async () => {
  for (let i = 0; i < 3; i += 1) {
    await request(env.server, 'POST', '/api/clients', { ...admin(), json: { name: `Paged ${i}` } })
  }
  const first = await request(env.server, 'GET', '/api/clients?page=1&limit=2', admin())
  assert.equal(first.status, 200)
  assert.equal(first.body.success, true)
  assert.equal(first.body.page, 1)
  assert.equal(first.body.limit, 2)
  assert.equal(first.body.data.length, 2)
  assert.ok(first.body.total >= 3)
  assert.equal(first.body.totalPages, Math.ceil(first.body.total / 2))
  const second = await request(env.server, 'GET', '/api/clients?page=2&limit=2', admin())
  const firstCodes = first.body.data.map((client: { clientCode: string }) => client.clientCode)
  for (const client of second.body.data) assert.ok(!firstCodes.includes(client.clientCode))
  const defaults = await request(env.server, 'GET', '/api/clients', admin())
  assert.equal(defaults.body.limit, 25)
  assert.equal(defaults.body.page, 1)
})

test('secrets are stored encrypted, reported as set, removable with null, never shown', async () => {
  const clientCode = uniqueCode('secrets')
  await request(env.server, 'POST', '/api/clients', { ...admin(), json: { name: 'Secrets', clientCode } })
  const set = await request(env.server, 'POST', `/api/clients/${clientCode}/secrets`, {
    ...admin(),
    json: { whatsappToken: 'EAAG-secret-token', whatsappPhoneNumberId: '109876543210987', smtpPort: 587, smtpHost: 'smtp.example.com' },
  })
  assert.equal(set.status, 200)
  assert.deepEqual(set.body.data.secrets, {
    whatsappToken: true,
    whatsappBusinessId: false,
    whatsappPhoneNumberId: true,
    whatsappWebhookToken: false,
    whatsappAppSecret: false,
    whatsappMessagesPerSecond: false,
    smtpHost: true,
    smtpPort: true,
    smtpUser: false,
    smtpPass: false,
    smtpFrom: false,
    automationWebhookSecret: true,
    googleRefreshToken: false,
  })
  assert.doesNotMatch(JSON.stringify(set.body), /EAAG-secret-token/)
  const stored = await env.server.platform.db.selectFrom('client_secrets').selectAll().where('client_code', '=', clientCode).execute()
  assert.ok(stored.every((row) => !row.ciphertext.includes('EAAG') && !row.ciphertext.includes('smtp.example.com')))

  const removed = await request(env.server, 'POST', `/api/clients/${clientCode}/secrets`, { ...admin(), json: { smtpHost: null } })
  assert.equal(removed.body.data.secrets.smtpHost, false)
  assert.equal(removed.body.data.secrets.whatsappToken, true)
})

test('a client can be moved to its own PostgreSQL database, which then holds its schema', async () => {
  const clientCode = uniqueCode('own_db')
  const created = await request(env.server, 'POST', '/api/clients', { ...admin(), json: { name: 'Own DB', clientCode } })
  const { url, dbName, moved } = await moveToOwnDatabase(env.server, clientCode)
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  assert.deepEqual(moved.body.data.datasource, { host: `${url.hostname}:${url.port}`, database: dbName, schema: `tenant_${clientCode}` })
  assert.doesNotMatch(JSON.stringify(moved.body), new RegExp(url.password))

  // The tenant's data now lives in the datasource: the rule the API writes lands there, and health counts it.
  const headers = { 'x-api-key': created.body.data.apiKey, 'x-client-code': clientCode }
  const rule = await request(env.server, 'POST', '/api/crm/automations', {
    headers,
    json: { name: 'r', trigger: 'form_submitted', actions: [{ type: 'add_tag', config: { tag: 'formed' } }] },
  })
  assert.equal(rule.status, 201, JSON.stringify(rule.body))
  const { createKysely, createPool } = await import('../../src/platform/database/connect')
  const own = createKysely<any>(createPool(url.toString(), 1))
  try {
    const rules = await own.withSchema(`tenant_${clientCode}`).selectFrom('automation_rules').select('id').execute()
    assert.deepEqual(rules, [{ id: rule.body.data.id }])
  } finally {
    await own.destroy()
  }
  const health = await request(env.server, 'GET', '/api/saas/health/client', { headers })
  assert.equal(health.status, 200)
  assert.equal(health.body.data.activeAutomations, 1)
})
