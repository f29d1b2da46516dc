import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { request } from '../helpers/http'
import { insertAutomationRules } from '../helpers/tenant-data'
import { createTenant, type TestTenant } from '../helpers/tenants'
import { startTestServer, type TestServer } from '../helpers/test-server'

let server: TestServer
let alpha: TestTenant
let beta: TestTenant
before(async () => {
  server = await startTestServer()
  alpha = await createTenant(server, 'Alpha Clinic')
  beta = await createTenant(server, 'Beta Store')
})
after(() => server.stop())

test('each tenant has its own schema', async () => {
  const { rows } = await sql<{ schema_name: string }>`
    select schema_name from information_schema.schemata where schema_name like 'tenant_%' order by 1`.execute(server.platform.db)
  const schemas = rows.map((row) => row.schema_name)
  assert.ok(schemas.includes(`tenant_${alpha.clientCode}`))
  assert.ok(schemas.includes(`tenant_${beta.clientCode}`))
})

test('what one tenant writes, the other never sees', async () => {
  await request(server, 'POST', '/api/saas/cors', { headers: alpha.headers, json: { url: 'https://alpha.example' } })
  await request(server, 'POST', '/api/saas/cors', { headers: beta.headers, json: { url: 'https://beta.example' } })
  await insertAutomationRules(server, alpha.clientCode, [{ name: 'alpha rule', trigger: 'form_submitted' }])

  const alphaOrigins = await request(server, 'GET', '/api/saas/cors', { headers: alpha.headers })
  const betaOrigins = await request(server, 'GET', '/api/saas/cors', { headers: beta.headers })
  assert.deepEqual(alphaOrigins.body.data.origins, ['https://alpha.example'])
  assert.deepEqual(betaOrigins.body.data.origins, ['https://beta.example'])

  const alphaHealth = await request(server, 'GET', '/api/saas/health/client', { headers: alpha.headers })
  const betaHealth = await request(server, 'GET', '/api/saas/health/client', { headers: beta.headers })
  assert.equal(alphaHealth.body.data.activeAutomations, 1)
  assert.equal(betaHealth.body.data.activeAutomations, 0)
})

test("one tenant's key never opens the other tenant", async () => {
  const crossed = await request(server, 'GET', '/api/saas/cors', {
    headers: { 'x-api-key': alpha.apiKey, 'x-client-code': beta.clientCode },
  })
  assert.equal(crossed.status, 401)
  assert.equal(crossed.body.code, 'UNAUTHORIZED')
})

test("one tenant cannot remove the other tenant's origin", async () => {
  const attempt = await request(server, 'DELETE', '/api/saas/cors', { headers: alpha.headers, json: { url: 'https://beta.example' } })
  assert.equal(attempt.status, 404)
  const betaOrigins = await request(server, 'GET', '/api/saas/cors', { headers: beta.headers })
  assert.deepEqual(betaOrigins.body.data.origins, ['https://beta.example'])
})
