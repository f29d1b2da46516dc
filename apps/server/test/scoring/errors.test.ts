import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { request } from '../helpers/http'
import { createTenant, type TestTenant } from '../helpers/tenants'
import { startTestServer, type TestServer } from '../helpers/test-server'

let server: TestServer
let tenant: TestTenant
let other: TestTenant
before(async () => {
  server = await startTestServer()
  tenant = await createTenant(server, 'Scoring Errors')
  other = await createTenant(server, 'Scoring Other')
})
after(() => server.stop())

const cases: [string, unknown, string][] = [
  ['an unknown operator', { rules: [{ field: 'source', operator: 'like', value: 'x', score: 5 }] }, 'body.rules.0.operator'],
  ['an unknown field', { rules: [{ field: 'password', operator: 'eq', value: 'x', score: 5 }] }, 'body.rules.0.field'],
  ['a score out of range', { rules: [{ field: 'source', operator: 'eq', value: 'x', score: 500 }] }, 'body.rules.0.score'],
  ['in without a list', { rules: [{ field: 'source', operator: 'in', value: 'x', score: 5 }] }, 'body.rules.0.value'],
  ['cold above hot', { hotThreshold: 30, coldThreshold: 40 }, 'body.coldThreshold'],
  ['a threshold out of range', { hotThreshold: 101 }, 'body.hotThreshold'],
  ['an empty body', {}, 'body'],
]
for (const [name, json, field] of cases) {
  test(`updating scoring with ${name} → 400 naming ${field}, nothing changed`, async () => {
    const before = (await request(server, 'GET', '/api/crm/scoring', { headers: tenant.headers })).body.data
    const result = await request(server, 'PATCH', '/api/crm/scoring', { headers: tenant.headers, json })
    assert.equal(result.status, 400, JSON.stringify(result.body))
    assert.equal(result.body.code, 'VALIDATION_ERROR')
    assert.ok(result.body.details.some((detail: { path: string }) => detail.path === field), JSON.stringify(result.body.details))
    assert.deepEqual((await request(server, 'GET', '/api/crm/scoring', { headers: tenant.headers })).body.data, before)
  })
}

test("recalculating another tenant's or an unknown lead → 404", async () => {
  const theirs = await request(server, 'POST', '/api/crm/leads', { headers: other.headers, json: { firstName: 'T', phone: '+919200000009' } })
  const result = await request(server, 'POST', `/api/crm/scoring/${theirs.body.data.id}/recalculate`, { headers: tenant.headers })
  assert.equal(result.status, 404)
  assert.equal(result.body.code, 'LEAD_NOT_FOUND')
  const malformed = await request(server, 'POST', '/api/crm/scoring/not-a-uuid/recalculate', { headers: tenant.headers })
  assert.equal(malformed.status, 400)
})

test("one tenant's scoring rules do not apply to another", async () => {
  await request(server, 'PATCH', '/api/crm/scoring', { headers: tenant.headers, json: { rules: [{ field: 'source', operator: 'eq', value: 'web', score: 50 }] } })
  const theirs = await request(server, 'POST', '/api/crm/leads', { headers: other.headers, json: { firstName: 'W', phone: '+919200000010', source: 'web' } })
  assert.equal(theirs.body.data.score, 0)
})
