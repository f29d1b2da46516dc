import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { snapshotControlTables } from '../helpers/db-snapshot'
import { request } from '../helpers/http'
import { createTenant, type TestTenant } from '../helpers/tenants'
import { startTestServer, type TestServer } from '../helpers/test-server'

let server: TestServer
let tenant: TestTenant
let other: TestTenant
before(async () => {
  server = await startTestServer()
  tenant = await createTenant(server)
  other = await createTenant(server)
  await request(server, 'POST', '/api/saas/cors', { headers: other.headers, json: { url: 'https://theirs.example' } })
})
after(() => server.stop())

const cases: [string, string, unknown, number, string][] = [
  ['not a URL', 'POST', { url: 'client-domain' }, 400, 'VALIDATION_ERROR'],
  ['a non-http scheme', 'POST', { url: 'ftp://files.example.com' }, 400, 'VALIDATION_ERROR'],
  ['a javascript: URL', 'POST', { url: 'javascript:alert(1)' }, 400, 'VALIDATION_ERROR'],
  ['a missing url', 'POST', {}, 400, 'VALIDATION_ERROR'],
  ['a url of the wrong type', 'POST', { url: 42 }, 400, 'VALIDATION_ERROR'],
  ["removing another tenant's origin", 'DELETE', { url: 'https://theirs.example' }, 404, 'NOT_FOUND'],
]

for (const [name, method, json, status, code] of cases) {
  test(`${method} /api/saas/cors with ${name} → ${status} ${code}, nothing written`, async () => {
    const before = await snapshotControlTables(server)
    const result = await request(server, method, '/api/saas/cors', { headers: tenant.headers, json })
    assert.equal(result.status, status, JSON.stringify(result.body))
    assert.equal(result.body.code, code)
    assert.deepEqual(await snapshotControlTables(server), before)
  })
}

test("another tenant's origin is still allowed for them after the refused removal", async () => {
  const listed = await request(server, 'GET', '/api/saas/cors', { headers: other.headers })
  assert.deepEqual(listed.body.data.origins, ['https://theirs.example'])
})
