import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Scoring Clinic' } })

const call = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.tenant.headers, ...(json === undefined ? {} : { json }) })
const db = () => tenantDb(env.server, env.tenant)
const eventsOf = async (leadId: string) =>
  (await db().selectFrom('crm_events').select('type').where('lead_id', '=', leadId).orderBy('id').execute()).map((e) => e.type)

test('a new tenant has the default configuration', async () => {
  const result = await call('GET', '/api/crm/scoring')
  assert.equal(result.status, 200)
  assert.deepEqual(result.body.data, { hotThreshold: 70, coldThreshold: 20, rules: [], recalculateOnTriggers: [] })
})

test('the seed’s configuration scores leads as they are created and changed', async () => {
  const seedConfig = {
    hotThreshold: 70,
    coldThreshold: 20,
    rules: [
      { field: 'source', operator: 'eq', value: 'referral', score: 20 },
      { field: 'dealValue', operator: 'gt', value: 50000, score: 15 },
    ],
    recalculateOnTriggers: ['appointment_confirmed', 'payment_captured'],
  }
  const saved = await call('PATCH', '/api/crm/scoring', seedConfig)
  assert.equal(saved.status, 200)
  assert.deepEqual(saved.body.data, seedConfig)
  assert.deepEqual((await call('GET', '/api/crm/scoring')).body.data, seedConfig)

  const lead = (await call('POST', '/api/crm/leads', { firstName: 'Ref', phone: '+919200000001', source: 'referral', dealValue: 60000 })).body.data
  assert.equal(lead.score, 35)
  const lowered = await call('PATCH', `/api/crm/leads/${lead.id}`, { dealValue: 1000 })
  assert.equal(lowered.body.data.score, 20)
})

test('crossing the hot threshold upwards and the cold one downwards records events', async () => {
  await call('PATCH', '/api/crm/scoring', {
    hotThreshold: 60,
    coldThreshold: 10,
    rules: [
      { field: 'tags', operator: 'contains', value: 'vip', score: 50 },
      { field: 'metadata.extra.plan', operator: 'in', value: ['Premium', 'Enterprise'], score: 30 },
      { field: 'email', operator: 'exists', value: true, score: 5 },
      { field: 'source', operator: 'eq', value: 'cold_outreach', score: -100 },
    ],
  })
  const lead = (await call('POST', '/api/crm/leads', { firstName: 'Hot', phone: '+919200000002', email: 'hot@example.com', metadata: { extra: { plan: 'Premium' } } })).body.data
  assert.equal(lead.score, 35)
  const tagged = await call('PATCH', `/api/crm/leads/${lead.id}/tags`, { add: ['vip'] })
  assert.equal(tagged.body.data.score, 85)
  assert.ok((await eventsOf(lead.id)).includes('score_above'))
  const cold = await call('PATCH', `/api/crm/leads/${lead.id}`, { source: 'cold_outreach' })
  assert.equal(cold.body.data.score, 0, 'scores are clamped to 0..100')
  assert.ok((await eventsOf(lead.id)).includes('score_below'))
})

test('recalculate applies changed rules to a lead on demand', async () => {
  const lead = (await call('POST', '/api/crm/leads', { firstName: 'Later', phone: '+919200000003', source: 'partner' })).body.data
  await call('PATCH', '/api/crm/scoring', { rules: [{ field: 'source', operator: 'eq', value: 'partner', score: 40 }] })
  assert.equal((await call('GET', `/api/crm/leads/${lead.id}`)).body.data.score, lead.score, 'rules do not rewrite scores by themselves')
  const result = await call('POST', `/api/crm/scoring/${lead.id}/recalculate`)
  assert.equal(result.status, 200)
  assert.equal(result.body.data.score, 40)
  assert.equal(result.body.data.previousScore, lead.score)
  assert.deepEqual(result.body.data.matchedRules, [{ field: 'source', operator: 'eq', value: 'partner', score: 40 }])
  assert.equal((await call('GET', `/api/crm/leads/${lead.id}`)).body.data.score, 40)
})
