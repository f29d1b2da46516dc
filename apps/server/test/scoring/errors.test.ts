import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Scoring Errors', other: 'Scoring Other' } })

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
    const before = (await request(env.server, 'GET', '/api/crm/scoring', { headers: env.tenant.headers })).body.data
    const result = await request(env.server, 'PATCH', '/api/crm/scoring', { headers: env.tenant.headers, json })
    expectRefused(result, 400, 'VALIDATION_ERROR', { fields: [field] })
    assert.deepEqual((await request(env.server, 'GET', '/api/crm/scoring', { headers: env.tenant.headers })).body.data, before)
  })
}

test("recalculating another tenant's, an unknown or a malformed lead id → 404", async () => {
  const theirs = await request(env.server, 'POST', '/api/crm/leads', { headers: env.other.headers, json: { firstName: 'T', phone: '+919200000009' } })
  const result = await request(env.server, 'POST', `/api/crm/scoring/${theirs.body.data.id}/recalculate`, { headers: env.tenant.headers })
  expectRefused(result, 404, 'LEAD_NOT_FOUND')
  const malformed = await request(env.server, 'POST', '/api/crm/scoring/not-a-uuid/recalculate', { headers: env.tenant.headers })
  expectRefused(malformed, 404, 'LEAD_NOT_FOUND')
})

test("one tenant's scoring rules do not apply to another", async () => {
  await request(env.server, 'PATCH', '/api/crm/scoring', { headers: env.tenant.headers, json: { rules: [{ field: 'source', operator: 'eq', value: 'web', score: 50 }] } })
  const theirs = await request(env.server, 'POST', '/api/crm/leads', { headers: env.other.headers, json: { firstName: 'W', phone: '+919200000010', source: 'web' } })
  assert.equal(theirs.body.data.score, 0)
})
