import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { sql } from 'kysely'
import pino from 'pino'
import { LISTENER_NAME } from '../../src/platform/cache/invalidation-listener'
import { CACHE_CHANNEL, tenantScope } from '../../src/platform/cache/node-cache'
import { type RunningServer, startServer } from '../../src/server'
import { adminHeaders, request } from '../helpers/http'
import { createTenant, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

// Node A is the file's server; node B a second API node on the same database, each with its own cache.
let started: RunningServer | undefined
const env = useTestServer({
  seed: async () => {
    started = await startServer({ ...env.server.config, role: 'api' }, { logger: pino({ level: 'silent' }) })
  },
})
after(() => started?.stop())
const nodeB = () => started ?? assert.fail('node B starts in the seed')

/** How the revocation tests wait on node B: the bound, a second. */
const WITHIN_A_SECOND = 1_000

const callAs = (node: { url?: string | undefined }, tenant: TestTenant, apiKey = tenant.apiKey) =>
  request({ url: node.url! }, 'GET', '/api/crm/automations', { headers: { ...tenant.headers, 'x-api-key': apiKey } })

/** A tenant whose key node B has just accepted, so B holds it in its cache. */
async function tenantKnownToB(): Promise<TestTenant> {
  const tenant = await createTenant(env.server)
  assert.equal((await callAs(nodeB(), tenant)).status, 200)
  return tenant
}

const rotate = async (tenant: TestTenant, gracePeriodSeconds: number) => {
  const rotated = await request(env.server, 'POST', `/api/clients/${tenant.clientCode}/api-keys/rotate`, {
    headers: adminHeaders(env.server),
    json: { gracePeriodSeconds },
  })
  assert.equal(rotated.status, 200, JSON.stringify(rotated.body))
  return rotated.body.data as { apiKey: string; previousKeysExpireAt: string }
}

const refusedOnB = (tenant: TestTenant, apiKey?: string) => async () => (await callAs(nodeB(), tenant, apiKey)).status === 401

test('a cached key revoked on node A is refused on node B within a second; the new key works on B', async () => {
  const tenant = await tenantKnownToB()
  const { apiKey } = await rotate(tenant, 0)
  await waitFor('node B to refuse the revoked key', refusedOnB(tenant), WITHIN_A_SECOND)
  assert.equal((await callAs(nodeB(), tenant, apiKey)).status, 200)
  assert.equal((await callAs(env.server, tenant)).status, 401, 'node A, the writer, refuses it at once')
})

test('a key rotated with a grace period keeps working on node B until the grace period ends, then is refused', async () => {
  const tenant = await tenantKnownToB()
  const { apiKey, previousKeysExpireAt } = await rotate(tenant, 3)
  assert.ok(Date.now() < Date.parse(previousKeysExpireAt))
  assert.equal((await callAs(nodeB(), tenant, apiKey)).status, 200, 'the new key works on B')
  assert.equal((await callAs(nodeB(), tenant)).status, 200, 'the old key still works during its grace period')
  // Expiry is checked on each request against the cached key's end, with no notification to wait for.
  await waitFor('the grace period to end', () => Date.now() > Date.parse(previousKeysExpireAt), 10_000)
  assert.equal((await callAs(nodeB(), tenant)).status, 401)
  assert.equal((await callAs(nodeB(), tenant, apiKey)).status, 200)
})

test("a client suspended by an operator's SQL, with its notification, is refused on node B within a second", async () => {
  const tenant = await tenantKnownToB()
  // There is no suspend route: an operator updates the row and notifies the nodes in the same transaction (ADR 0010).
  await env.server.platform.db.transaction().execute(async (trx) => {
    await sql`update clients set status = 'suspended' where code = ${tenant.clientCode}`.execute(trx)
    await sql`select pg_notify(${CACHE_CHANNEL}, ${tenantScope(tenant.clientCode)})`.execute(trx)
  })
  await waitFor('node B to refuse the suspended client', refusedOnB(tenant), WITHIN_A_SECOND)
  await waitFor('node A to refuse it', async () => (await callAs(env.server, tenant)).status === 401, WITHIN_A_SECOND)
})

test('a node whose invalidation channel was cut keeps nothing it could have missed: a key revoked meanwhile is refused', async () => {
  const tenant = await tenantKnownToB()
  const { rows } = await sql<{ killed: boolean }>`
    select pg_terminate_backend(pid) as killed from pg_stat_activity
    where datname = current_database() and application_name = ${LISTENER_NAME}`.execute(env.server.platform.db)
  assert.equal(rows.length, 2, "both nodes' listeners were cut")
  await rotate(tenant, 0)
  await waitFor('node B to refuse the revoked key', refusedOnB(tenant), WITHIN_A_SECOND)
  // Back to listening: a key cached from then on is revoked as before.
  await waitFor('both listeners to reconnect', async () => {
    const { rows: listeners } = await sql`select pid from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_NAME}`.execute(
      env.server.platform.db,
    )
    return listeners.length === 2
  })
  const second = await tenantKnownToB()
  await rotate(second, 0)
  await waitFor('node B to refuse the next revoked key', refusedOnB(second), WITHIN_A_SECOND)
})

test('an unknown client code answers the same 401 on every node, before and after the client is created', async () => {
  const tenant = await createTenant(env.server)
  const unknown = { ...tenant, clientCode: `${tenant.clientCode}_x`, headers: { ...tenant.headers, 'x-client-code': `${tenant.clientCode}_x` } }
  assert.equal((await callAs(nodeB(), unknown)).status, 401)
  const created = await request(env.server, 'POST', '/api/clients', {
    headers: adminHeaders(env.server),
    json: { name: 'Late Clinic', clientCode: unknown.clientCode },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const late = { ...unknown, apiKey: created.body.data.apiKey, headers: { ...unknown.headers, 'x-api-key': created.body.data.apiKey } }
  await waitFor('node B to know the new client it had cached as unknown', async () => (await callAs(nodeB(), late)).status === 200, WITHIN_A_SECOND)
})
