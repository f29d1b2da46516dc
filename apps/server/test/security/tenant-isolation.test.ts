import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { createRule, tagRule } from '../automations/rule-data'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { alpha: 'Alpha Clinic', beta: 'Beta Store' } })

test('each tenant has its own schema', async () => {
  const { rows } = await sql<{ schema_name: string }>`
    select schema_name from information_schema.schemata where schema_name like 'tenant_%' order by 1`.execute(env.server.platform.db)
  const schemas = rows.map((row) => row.schema_name)
  assert.ok(schemas.includes(`tenant_${env.alpha.clientCode}`))
  assert.ok(schemas.includes(`tenant_${env.beta.clientCode}`))
})

test('what one tenant writes, the other never sees', async () => {
  await request(env.server, 'POST', '/api/saas/cors', { headers: env.alpha.headers, json: { url: 'https://alpha.example' } })
  await request(env.server, 'POST', '/api/saas/cors', { headers: env.beta.headers, json: { url: 'https://beta.example' } })
  await createRule(env.server, env.alpha, tagRule({ name: 'alpha rule', trigger: 'form_submitted' }))

  const alphaOrigins = await request(env.server, 'GET', '/api/saas/cors', { headers: env.alpha.headers })
  const betaOrigins = await request(env.server, 'GET', '/api/saas/cors', { headers: env.beta.headers })
  assert.deepEqual(alphaOrigins.body.data.origins, ['https://alpha.example'])
  assert.deepEqual(betaOrigins.body.data.origins, ['https://beta.example'])

  const alphaHealth = await request(env.server, 'GET', '/api/saas/health/client', { headers: env.alpha.headers })
  const betaHealth = await request(env.server, 'GET', '/api/saas/health/client', { headers: env.beta.headers })
  assert.equal(alphaHealth.body.data.activeAutomations, 1)
  assert.equal(betaHealth.body.data.activeAutomations, 0)
})

test("one tenant's key never opens the other tenant", async () => {
  const crossed = await request(env.server, 'GET', '/api/saas/cors', {
    headers: { 'x-api-key': env.alpha.apiKey, 'x-client-code': env.beta.clientCode },
  })
  expectRefused(crossed, 401, 'UNAUTHORIZED')
})

test("one tenant cannot remove the other tenant's origin", async () => {
  const attempt = await request(env.server, 'DELETE', '/api/saas/cors', { headers: env.alpha.headers, json: { url: 'https://beta.example' } })
  assert.equal(attempt.status, 404)
  const betaOrigins = await request(env.server, 'GET', '/api/saas/cors', { headers: env.beta.headers })
  assert.deepEqual(betaOrigins.body.data.origins, ['https://beta.example'])
})
