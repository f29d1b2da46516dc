import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { startTestServer, type TestServer } from '../helpers/test-server'
import { createTenant, type TestTenant } from '../helpers/tenants'
import pino from 'pino'
import { hashToken } from '../../src/platform/crypto/tokens'
import { startServer } from '../../src/server'

let api: TestServer
let tenant: TestTenant
before(async () => {
  api = await startTestServer({ role: 'api' })
  tenant = await createTenant(api)
})
after(() => api.stop())

const day = 24 * 3600 * 1000
const keyExists = async (server: TestServer, hash: string) =>
  (await server.platform.db.selectFrom('api_keys').select('id').where('key_hash', '=', hash).executeTakeFirst()) !== undefined

test('an API node only enqueues; a worker node on the same database runs the job, once', async () => {
  const oldHash = hashToken('retired-long-ago')
  const recentHash = hashToken('retired-yesterday')
  await api.platform.db
    .insertInto('api_keys')
    .values([
      { client_code: tenant.clientCode, key_hash: oldHash, expires_at: new Date(Date.now() - 31 * day) },
      { client_code: tenant.clientCode, key_hash: recentHash, expires_at: new Date(Date.now() - day) },
    ])
    .execute()

  await api.platform.jobs.agenda.now('clients.purge-expired-api-keys', { clientCode: tenant.clientCode })
  await new Promise((resolve) => setTimeout(resolve, 500))
  assert.ok(await keyExists(api, oldHash), 'the API node does not process jobs')
  const queued = await api.platform.jobs.queueDepth(tenant.clientCode)
  assert.equal(queued, 1)

  const workerNode = await startServer({ ...api.config, role: 'worker' }, { logger: pino({ level: 'silent' }) })
  try {
    assert.equal(workerNode.url, undefined)
    const deadline = Date.now() + 10_000
    while ((await keyExists(api, oldHash)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    assert.ok(!(await keyExists(api, oldHash)), 'the worker purged the key retired 31 days ago')
    assert.ok(await keyExists(api, recentHash), 'a key retired yesterday is kept')
    assert.equal(await api.platform.jobs.queueDepth(tenant.clientCode), 0)
  } finally {
    await workerNode.stop()
  }
})

test('the hourly purge is scheduled once, however many nodes start', async () => {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from agenda_jobs where name = 'clients.purge-expired-api-keys' and type = 'single'`.execute(api.platform.db)
  assert.equal(rows[0]?.count, 1)
})
