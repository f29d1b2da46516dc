import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import pino from 'pino'
import { hashToken } from '../../src/platform/crypto/tokens'
import { startServer } from '../../src/server'
import type { TestServer } from '../helpers/test-server'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Test Clinic' }, config: { role: 'api' } })

const day = 24 * 3600 * 1000
const keyExists = async (server: TestServer, hash: string) =>
  (await server.platform.db.selectFrom('api_keys').select('id').where('key_hash', '=', hash).executeTakeFirst()) !== undefined

test('an API node only enqueues; a worker node on the same database runs the job, once', async () => {
  const oldHash = hashToken('retired-long-ago')
  const recentHash = hashToken('retired-yesterday')
  await env.server.platform.db
    .insertInto('api_keys')
    .values([
      { client_code: env.tenant.clientCode, key_hash: oldHash, expires_at: new Date(Date.now() - 31 * day) },
      { client_code: env.tenant.clientCode, key_hash: recentHash, expires_at: new Date(Date.now() - day) },
    ])
    .execute()

  await env.server.platform.jobs.agenda.now('clients.purge-expired-api-keys', { clientCode: env.tenant.clientCode })
  await new Promise((resolve) => setTimeout(resolve, 500))
  assert.ok(await keyExists(env.server, oldHash), 'the API node does not process jobs')
  const queued = await env.server.platform.jobs.queueDepth(env.tenant.clientCode)
  assert.equal(queued, 1)

  const workerNode = await startServer({ ...env.server.config, role: 'worker' }, { logger: pino({ level: 'silent' }) })
  try {
    assert.equal(workerNode.url, undefined)
    const deadline = Date.now() + 10_000
    while ((await keyExists(env.server, oldHash)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    assert.ok(!(await keyExists(env.server, oldHash)), 'the worker purged the key retired 31 days ago')
    assert.ok(await keyExists(env.server, recentHash), 'a key retired yesterday is kept')
    assert.equal(await env.server.platform.jobs.queueDepth(env.tenant.clientCode), 0)
  } finally {
    await workerNode.stop()
  }
})

test('the hourly purge is scheduled once, however many nodes start', async () => {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from agenda_jobs where name = 'clients.purge-expired-api-keys' and type = 'single'`.execute(env.server.platform.db)
  assert.equal(rows[0]?.count, 1)
})

test("an API node's trigger wakes a worker node at once (NOTIFY), well before the worker's next scan", async () => {
  const workerNode = await startServer({ ...env.server.config, role: 'worker' }, { logger: pino({ level: 'silent' }) })
  try {
    // Let the worker's start-up scan pass, so only a notification can wake it for the trigger's job.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const rule = await request(env.server, 'POST', '/api/crm/automations', {
      headers: env.tenant.headers,
      json: { name: 'Tag bookings', trigger: 'appointment_confirmed', actions: [{ type: 'add_tag', config: { tag: 'booked' } }] },
    })
    assert.equal(rule.status, 201, JSON.stringify(rule.body))
    const fired = await request(env.server, 'POST', '/api/saas/workflows/trigger', {
      headers: env.tenant.headers,
      json: { trigger: 'appointment_confirmed', phone: '+919811111111', createLeadIfMissing: true },
    })
    assert.equal(fired.status, 200, JSON.stringify(fired.body))
    const firedAt = Date.now()
    const lead = () =>
      request(env.server, 'GET', `/api/crm/leads/${fired.body.data.leadId}`, { headers: env.tenant.headers })
    while (!(await lead()).body.data.tags.includes('booked')) {
      assert.ok(Date.now() - firedAt < 2_500, 'the action ran before the 5 s fallback scan could have found it')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    await workerNode.stop()
  }
})
