import assert from 'node:assert/strict'
import { test } from 'node:test'
import { snapshotControlTables } from '../helpers/db-snapshot'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({
  tenants: { tenant: 'Test Clinic', other: 'Test Clinic' },
  async seed() {
    await request(env.server, 'POST', '/api/saas/cors', { headers: env.other.headers, json: { url: 'https://theirs.example' } })
  },
})

const cases: [string, string, unknown, number, string][] = [
  ['not a URL', 'POST', { url: 'client-domain' }, 400, 'VALIDATION_ERROR'],
  ['a non-http scheme', 'POST', { url: 'ftp://files.example.com' }, 400, 'VALIDATION_ERROR'],
  ['a javascript: URL', 'POST', { url: 'javascript:alert(1)' }, 400, 'VALIDATION_ERROR'],
  ['a path', 'POST', { url: 'https://client-domain.com/pricing' }, 400, 'VALIDATION_ERROR'],
  ['a query', 'POST', { url: 'https://client-domain.com?x=1' }, 400, 'VALIDATION_ERROR'],
  ['a fragment', 'POST', { url: 'https://client-domain.com#top' }, 400, 'VALIDATION_ERROR'],
  ['credentials', 'POST', { url: 'https://user:pw@client-domain.com' }, 400, 'VALIDATION_ERROR'],
  ['a NUL after a path', 'POST', { url: 'https://127.0.0.1:1/a\u0000b' }, 400, 'VALIDATION_ERROR'],
  ['a port out of range', 'POST', { url: 'https://client-domain.com:70000' }, 400, 'VALIDATION_ERROR'],
  ['a missing url', 'POST', {}, 400, 'VALIDATION_ERROR'],
  ['a url of the wrong type', 'POST', { url: 42 }, 400, 'VALIDATION_ERROR'],
  ["removing another tenant's origin", 'DELETE', { url: 'https://theirs.example' }, 404, 'NOT_FOUND'],
]

for (const [name, method, json, status, code] of cases) {
  test(`${method} /api/saas/cors with ${name} → ${status} ${code}, nothing written`, async () => {
    const before = await snapshotControlTables(env.server)
    const result = await request(env.server, method, '/api/saas/cors', { headers: env.tenant.headers, json })
    expectRefused(result, status, code)
    assert.deepEqual(await snapshotControlTables(env.server), before)
  })
}

test("another tenant's origin is still allowed for them after the refused removal", async () => {
  const listed = await request(env.server, 'GET', '/api/saas/cors', { headers: env.other.headers })
  assert.deepEqual(listed.body.data.origins, ['https://theirs.example'])
})
