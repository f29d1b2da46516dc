import assert from 'node:assert/strict'
import { test } from 'node:test'
import { snapshotControlTables } from '../helpers/db-snapshot'
import { adminHeaders, request } from '../helpers/http'
import { assertEveryRouteRefusesBadCredentials } from '../helpers/route-security'
import { createTenant, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

/** Tenant A after its key rotation; its first key is retired. */
let tenant: TestTenant
let retiredKey: string

const env = useTestServer({
  tenants: { original: 'Tenant A', other: 'Tenant B' },
  async seed() {
    const { original } = env
    retiredKey = original.apiKey
    const rotated = await request(env.server, 'POST', `/api/clients/${original.clientCode}/api-keys/rotate`, {
      headers: adminHeaders(env.server),
      json: {},
    })
    tenant = { ...original, apiKey: rotated.body.data.apiKey, headers: { ...original.headers, 'x-api-key': rotated.body.data.apiKey } }
  },
})

test('every protected route refuses every kind of bad credential with the same 401, writing nothing', async () => {
  const before = await snapshotControlTables(env.server)
  const checked = await assertEveryRouteRefusesBadCredentials(env.server, { tenant, other: env.other, retiredKey })
  assert.ok(checked > 50, `checked ${checked} route/credential pairs`)
  assert.deepEqual(await snapshotControlTables(env.server), before)
})

test('the current credentials of each tenant work, and only for that tenant', async () => {
  const mine = await request(env.server, 'GET', '/api/saas/health/client', { headers: tenant.headers })
  assert.equal(mine.status, 200)
  assert.equal(mine.body.data.clientCode, tenant.clientCode)
  const theirs = await request(env.server, 'GET', '/api/saas/health/client', { headers: env.other.headers })
  assert.equal(theirs.body.data.clientCode, env.other.clientCode)
})

test('a rotated-out key keeps working during its grace period, then stops', async () => {
  const fresh = await createTenant(env.server, 'Grace Period')
  const rotated = await request(env.server, 'POST', `/api/clients/${fresh.clientCode}/api-keys/rotate`, {
    headers: adminHeaders(env.server),
    json: { gracePeriodSeconds: 2 },
  })
  assert.equal(rotated.status, 200)
  const expiresAt = Date.parse(rotated.body.data.previousKeysExpireAt)
  assert.ok(expiresAt > Date.now())
  const newHeaders = { 'x-api-key': rotated.body.data.apiKey, 'x-client-code': fresh.clientCode }
  assert.equal((await request(env.server, 'GET', '/api/saas/cors', { headers: fresh.headers })).status, 200)
  assert.equal((await request(env.server, 'GET', '/api/saas/cors', { headers: newHeaders })).status, 200)
  await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 100))
  assert.equal((await request(env.server, 'GET', '/api/saas/cors', { headers: fresh.headers })).status, 401)
  assert.equal((await request(env.server, 'GET', '/api/saas/cors', { headers: newHeaders })).status, 200)
})

test('API keys are stored only as hashes and secrets only encrypted', async () => {
  const keys = await env.server.platform.db.selectFrom('api_keys').select('key_hash').execute()
  assert.ok(keys.length > 0)
  for (const { key_hash } of keys) {
    assert.match(key_hash, /^[0-9a-f]{64}$/)
    assert.notEqual(key_hash, tenant.apiKey)
  }
  const secrets = await env.server.platform.db.selectFrom('client_secrets').select('ciphertext').execute()
  for (const { ciphertext } of secrets) {
    assert.ok(!ciphertext.includes(tenant.webhookSecret) && !ciphertext.includes(env.other.webhookSecret))
    assert.match(ciphertext, /^v1:/)
  }
})
