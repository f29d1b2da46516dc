import assert from 'node:assert/strict'
import { test } from 'node:test'
import { snapshotControlTables } from '../helpers/db-snapshot'
import { adminHeaders, expectRefused, type HttpResult, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Test Clinic' } })

async function expectRefusedWritingNothing(call: () => Promise<HttpResult>, status: number, code: string) {
  const before = await snapshotControlTables(env.server)
  const result = await call()
  expectRefused(result, status, code)
  assert.deepEqual(await snapshotControlTables(env.server), before, 'nothing was written')
  return result
}

const post = (path: string, json: unknown) => () => request(env.server, 'POST', path, { headers: adminHeaders(env.server), json })

test('a duplicate client code → 409 CLIENT_EXISTS', async () => {
  await expectRefusedWritingNothing(post('/api/clients', { name: 'Again', clientCode: env.tenant.clientCode }), 409, 'CLIENT_EXISTS')
})

test('concurrent creates of one code: exactly one wins, the rest get 409', async () => {
  const results = await Promise.all(
    Array.from({ length: 6 }, () => request(env.server, 'POST', '/api/clients', { headers: adminHeaders(env.server), json: { name: 'Race', clientCode: 'race_code' } })),
  )
  assert.deepEqual(results.map((result) => result.status).sort(), [201, 409, 409, 409, 409, 409])
})

test('unknown client codes → 404 CLIENT_NOT_FOUND on every admin route', async () => {
  await expectRefusedWritingNothing(() => request(env.server, 'GET', '/api/clients/no_such_client', { headers: adminHeaders(env.server) }), 404, 'CLIENT_NOT_FOUND')
  await expectRefusedWritingNothing(post('/api/clients/no_such_client/secrets', { smtpHost: 'x' }), 404, 'CLIENT_NOT_FOUND')
  await expectRefusedWritingNothing(post('/api/clients/no_such_client/api-keys/rotate', {}), 404, 'CLIENT_NOT_FOUND')
  await expectRefusedWritingNothing(post('/api/clients/no_such_client/datasource', { dbUri: 'postgres://a@b/c' }), 404, 'CLIENT_NOT_FOUND')
})

test('bad secrets → 400 VALIDATION_ERROR naming the field', async () => {
  const path = `/api/clients/${env.tenant.clientCode}/secrets`
  const cases: [unknown, string][] = [
    [{}, 'body'],
    [{ notASecret: 'x' }, 'body.notASecret'],
    [{ whatsappToken: '' }, 'body.whatsappToken'],
    [{ smtpPort: 'five' }, 'body.smtpPort'],
    [{ smtpPort: 70000 }, 'body.smtpPort'],
    [{ automationWebhookSecret: 'too-short' }, 'body.automationWebhookSecret'],
    [{ automationWebhookSecret: 'whsec_not base64!' }, 'body.automationWebhookSecret'],
    [{ automationWebhookSecret: 'whsec_c2hvcnQ=' }, 'body.automationWebhookSecret'],
  ]
  for (const [json, field] of cases) {
    const result = await expectRefusedWritingNothing(post(path, json), 400, 'VALIDATION_ERROR')
    assert.ok(result.body.details.some((detail: { path: string }) => detail.path === field), `${JSON.stringify(json)} names ${field}`)
  }
})

test('a secrets update with one bad field stores none of the others', async () => {
  await expectRefusedWritingNothing(post(`/api/clients/${env.tenant.clientCode}/secrets`, { smtpHost: 'smtp.ok.com', smtpPort: -1 }), 400, 'VALIDATION_ERROR')
})

test('a datasource that is not PostgreSQL or cannot be reached is refused, nothing switched', async () => {
  const path = `/api/clients/${env.tenant.clientCode}/datasource`
  await expectRefusedWritingNothing(post(path, { dbUri: 'mongodb+srv://user:pw@cluster0.example.net/db' }), 400, 'VALIDATION_ERROR')
  await expectRefusedWritingNothing(post(path, { dbUri: 'postgres://user:pw@127.0.0.1:1/nowhere' }), 422, 'DATASOURCE_UNREACHABLE')
  const wrongPassword = new URL(env.server.config.databaseUrl!)
  wrongPassword.password = 'definitely-wrong'
  const refused = await expectRefusedWritingNothing(post(path, { dbUri: wrongPassword.toString() }), 422, 'DATASOURCE_UNREACHABLE')
  assert.doesNotMatch(refused.body.message, /definitely-wrong/)
})

test('rotating with a grace period out of range → 400', async () => {
  await expectRefusedWritingNothing(post(`/api/clients/${env.tenant.clientCode}/api-keys/rotate`, { gracePeriodSeconds: 604801 }), 400, 'VALIDATION_ERROR')
  await expectRefusedWritingNothing(post(`/api/clients/${env.tenant.clientCode}/api-keys/rotate`, { gracePeriodSeconds: -1 }), 400, 'VALIDATION_ERROR')
})
