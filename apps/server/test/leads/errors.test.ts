import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectRefused, type HttpResult, request } from '../helpers/http'
import { type TestTenant, tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

let otherLeadId: string
let otherStageId: string
const env = useTestServer({
  tenants: { tenant: 'Errors Clinic', other: 'Other Clinic' },
  async seed() {
    const created = await request(env.server, 'POST', '/api/crm/leads', { headers: env.other.headers, json: { firstName: 'Theirs', phone: '+919600000001' } })
    otherLeadId = created.body.data.id
    otherStageId = created.body.data.stageId
    await request(env.server, 'POST', '/api/crm/leads', { headers: env.tenant.headers, json: { firstName: 'Mine', phone: '+919600000002' } })
  },
})

async function leadTables(target: TestTenant) {
  const db = tenantDb(env.server, target)
  const count = async (table: 'leads' | 'pipelines' | 'stages' | 'activities' | 'crm_events') =>
    (await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
  return { leads: await count('leads'), pipelines: await count('pipelines'), stages: await count('stages'), activities: await count('activities'), events: await count('crm_events') }
}

async function expectRefusedWritingNothing(call: () => Promise<HttpResult>, status: number, code: string, field?: string) {
  const before = [await leadTables(env.tenant), await leadTables(env.other)]
  const result = await call()
  expectRefused(result, status, code, { fields: field ? [field] : [] })
  assert.deepEqual([await leadTables(env.tenant), await leadTables(env.other)], before, 'nothing was written')
}

const create = (json: unknown) => () => request(env.server, 'POST', '/api/crm/leads', { headers: env.tenant.headers, json })
const list = (query: string) => () => request(env.server, 'GET', `/api/crm/leads${query}`, { headers: env.tenant.headers })

const createCases: [string, unknown, number, string, string?][] = [
  ['no phone and no email', { firstName: 'Nobody' }, 400, 'VALIDATION_ERROR', 'body.phone'],
  ['a phone that is not one', { firstName: 'X', phone: 'call me' }, 400, 'VALIDATION_ERROR', 'body.phone'],
  ['a phone too short', { firstName: 'X', phone: '+91 12' }, 400, 'VALIDATION_ERROR', 'body.phone'],
  ['a bad email', { firstName: 'X', email: 'not-an-email' }, 400, 'VALIDATION_ERROR', 'body.email'],
  ['a negative deal value', { firstName: 'X', phone: '+919600000009', dealValue: -5 }, 400, 'VALIDATION_ERROR', 'body.dealValue'],
  ['a deal value of the wrong type', { firstName: 'X', phone: '+919600000009', dealValue: 'lots' }, 400, 'VALIDATION_ERROR', 'body.dealValue'],
  ['an unknown field', { firstName: 'X', phone: '+919600000009', favouriteColour: 'blue' }, 400, 'VALIDATION_ERROR', 'body.favouriteColour'],
  ['a stage id that is not an id (ids are opaque)', { firstName: 'X', phone: '+919600000009', stageId: 'abc' }, 404, 'STAGE_NOT_FOUND'],
  ['an unknown stage', { firstName: 'X', phone: '+919600000009', stageId: '00000000-0000-4000-8000-000000000000' }, 404, 'STAGE_NOT_FOUND'],
  ['an unknown pipeline', { firstName: 'X', phone: '+919600000009', pipelineId: '00000000-0000-4000-8000-000000000000' }, 404, 'PIPELINE_NOT_FOUND'],
  ['a duplicate open phone', { firstName: 'Again', phone: '919600000002' }, 409, 'LEAD_EXISTS', 'body.phone'],
]
for (const [name, json, status, code, field] of createCases) {
  test(`creating a lead with ${name} → ${status} ${code}, nothing written`, () => expectRefusedWritingNothing(create(json), status, code, field))
}

test("another tenant's stage → 404 STAGE_NOT_FOUND, nothing written", () =>
  expectRefusedWritingNothing(create({ firstName: 'X', phone: '+919600000010', stageId: otherStageId }), 404, 'STAGE_NOT_FOUND'))

test('a stage of another pipeline → 400 naming body.stageId', async () => {
  const db = tenantDb(env.server, env.tenant)
  const stage = await db.selectFrom('stages').select(['id']).executeTakeFirstOrThrow()
  await expectRefusedWritingNothing(
    create({ firstName: 'X', phone: '+919600000011', stageId: stage.id, pipelineId: '00000000-0000-4000-8000-000000000000' }),
    400,
    'VALIDATION_ERROR',
    'body.stageId',
  )
})

test("reading another tenant's lead → 404 LEAD_NOT_FOUND", () =>
  expectRefusedWritingNothing(() => request(env.server, 'GET', `/api/crm/leads/${otherLeadId}`, { headers: env.tenant.headers }), 404, 'LEAD_NOT_FOUND'))

test('reading an unknown or malformed lead id → 404 LEAD_NOT_FOUND: ids are opaque', async () => {
  await expectRefusedWritingNothing(() => request(env.server, 'GET', '/api/crm/leads/00000000-0000-4000-8000-000000000000', { headers: env.tenant.headers }), 404, 'LEAD_NOT_FOUND')
  await expectRefusedWritingNothing(() => request(env.server, 'GET', '/api/crm/leads/does-not-exist-123', { headers: env.tenant.headers }), 404, 'LEAD_NOT_FOUND')
})

const listCases: [string, string, string][] = [
  ['an invalid sortBy', '?sortBy=firstName', 'query.sortBy'],
  ['an invalid sortDir', '?sortDir=sideways', 'query.sortDir'],
  ['limit=1000', '?limit=1000', 'query.limit'],
  ['a non-numeric minScore', '?minScore=high', 'query.minScore'],
  ['an unknown status', '?status=pending', 'query.status'],
  ['a pipelineId over 64 characters', `?pipelineId=${'x'.repeat(65)}`, 'query.pipelineId'],
]
for (const [name, query, field] of listCases) {
  test(`listing with ${name} → 400 VALIDATION_ERROR naming ${field}`, () => expectRefusedWritingNothing(list(query), 400, 'VALIDATION_ERROR', field))
}
