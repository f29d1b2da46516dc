import assert from 'node:assert/strict'
import { test } from 'node:test'
import pino from 'pino'
import { purgeExpiredApiKeysJob } from '../../src/areas/clients'
import { modules } from '../../src/modules'
import { hashToken } from '../../src/platform/crypto/tokens'
import { type RunningServer, startServer } from '../../src/server'
import { request } from '../helpers/http'
import { repeatingSchedules } from '../helpers/jobs'
import { createTestDatabase } from '../helpers/test-database'
import { testConfig, type TestServer } from '../helpers/test-server'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

const env = useTestServer({ tenants: { tenant: 'Test Clinic' }, config: { role: 'api' } })

const day = 24 * 3600 * 1000
const silent = { logger: pino({ level: 'silent' }) }
const keyExists = async (server: TestServer, hash: string) =>
  (await server.platform.db.selectFrom('api_keys').select('id').where('key_hash', '=', hash).executeTakeFirst()) !== undefined

test('an API node only enqueues; a worker node on the same database runs the job, once', async () => {
  const oldHash = hashToken('retired-long-ago')
  const recentHash = hashToken('retired-yesterday')
  // Keys that expired a month ago: the API retires keys from now on, it cannot date them back.
  await env.server.platform.db
    .insertInto('api_keys')
    .values([
      { client_code: env.tenant.clientCode, key_hash: oldHash, expires_at: new Date(Date.now() - 31 * day) },
      { client_code: env.tenant.clientCode, key_hash: recentHash, expires_at: new Date(Date.now() - day) },
    ])
    .execute()

  const { jobs } = env.server.platform
  const jobId = await jobs.enqueue(purgeExpiredApiKeysJob, {})
  await new Promise((resolve) => setTimeout(resolve, 500))
  assert.ok(await keyExists(env.server, oldHash), 'the API node does not process jobs')
  assert.equal((await jobs.status(jobId))?.status, 'queued')

  const workerNode = await startServer({ ...env.server.config, role: 'worker' }, silent)
  try {
    assert.equal(workerNode.url, undefined)
    await waitFor('the worker to purge the key retired 31 days ago', async () => !(await keyExists(env.server, oldHash)))
    assert.ok(await keyExists(env.server, recentHash), 'a key retired yesterday is kept')
    const done = await waitFor('the job to complete', async () => {
      const status = await jobs.status(jobId)
      return status?.status === 'completed' && status
    })
    assert.equal(done.attempts, 1)
  } finally {
    await workerNode.stop()
  }
})

test('the hourly purge is scheduled once, however many nodes start', async () => {
  const config = testConfig({ databaseUrl: await createTestDatabase() })
  const nodes: RunningServer[] = [await startServer({ ...config, role: 'all' }, silent)]
  try {
    // Two more at once, as when a deployment starts its API and worker replicas together.
    nodes.push(...(await Promise.all([startServer({ ...config, role: 'api' }, silent), startServer({ ...config, role: 'worker' }, silent)])))
    const repeating = modules.flatMap((module) => module.jobs ?? []).filter((job) => job.every)
    assert.ok(repeating.includes(purgeExpiredApiKeysJob))
    for (const job of repeating) assert.equal(await repeatingSchedules(nodes[0]!, job), 1, job.name)
  } finally {
    await Promise.all(nodes.map((node) => node.stop()))
  }
})

test("an API node's trigger is run by a worker node on the same database, which the API node wakes (NOTIFY)", async () => {
  const workerNode = await startServer({ ...env.server.config, role: 'worker' }, silent)
  try {
    // Let the worker's start-up scan pass, so a notification is what wakes it for the trigger's job.
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
    const lead = () => request(env.server, 'GET', `/api/crm/leads/${fired.body.data.leadId}`, { headers: env.tenant.headers })
    await waitFor('the worker to run the action', async () => (await lead()).body.data.tags.includes('booked'))
  } finally {
    await workerNode.stop()
  }
})
