import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { insertLeads, snapshotCrmTables } from '../helpers/crm-data'
import { snapshotControlTables } from '../helpers/db-snapshot'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

let main: any
let other: any
const env = useTestServer({
  tenants: { tenant: 'Errors Clinic' },
  async seed() {
    main = (await call('POST', '/api/crm/pipelines', { name: 'Main', template: 'sales' })).body.data
    other = (await call('POST', '/api/crm/pipelines', { name: 'Other', template: 'support' })).body.data
    await insertLeads(env.server, env.tenant.clientCode, [{ pipelineId: main.id, stageId: main.stages[0].id, dealValue: 5 }])
  },
})

function call(method: string, path: string, json?: unknown) {
  return request(env.server, method, path, { headers: env.tenant.headers, json })
}

/** Sends the request and asserts the refusal, and that neither the tenant's CRM nor the platform changed. */
async function assertRefused(method: string, path: string, json: unknown, status: number, code: string, fields: string[] = []) {
  const before = [await snapshotCrmTables(env.server, env.tenant.clientCode), await snapshotControlTables(env.server)]
  const result = await call(method, path, json)
  expectRefused(result, status, code, { fields })
  assert.deepEqual([await snapshotCrmTables(env.server, env.tenant.clientCode), await snapshotControlTables(env.server)], before)
}

const stage = { name: 'Review', color: '#f59e0b', probability: 40 }
const createCases: [string, unknown, string[]][] = [
  ['a bad colour', { name: 'P', stages: [{ ...stage, color: 'red' }] }, ['body.stages.0.color']],
  ['a 7-digit colour', { name: 'P', stages: [{ ...stage, color: '#1234567' }] }, ['body.stages.0.color']],
  ['probability 101', { name: 'P', stages: [{ ...stage, probability: 101 }] }, ['body.stages.0.probability']],
  ['probability 2.5', { name: 'P', stages: [{ ...stage, probability: 2.5 }] }, ['body.stages.0.probability']],
  ['a stage both won and lost', { name: 'P', stages: [stage, { ...stage, isWon: true, isLost: true }] }, ['body.stages.1.isLost']],
  ['template and stages together', { name: 'P', template: 'sales', stages: [stage] }, ['body.stages']],
  ['an unknown template', { name: 'P', template: 'wedding' }, ['body.template']],
  ['no stages in the list', { name: 'P', stages: [] }, ['body.stages']],
  ['no name', { template: 'sales' }, ['body.name']],
  ['an unknown field', { name: 'P', colour: '#ffffff' }, ['body.colour']],
]
for (const [label, json, fields] of createCases) {
  test(`POST /api/crm/pipelines with ${label} → 400 naming ${fields.join(', ')}`, () =>
    assertRefused('POST', '/api/crm/pipelines', json, 400, 'VALIDATION_ERROR', fields))
}

test('stage add and update validate colour, probability and won/lost', async () => {
  await assertRefused('POST', `/api/crm/pipelines/${main.id}/stages`, { ...stage, color: '#zzzzzz' }, 400, 'VALIDATION_ERROR', ['body.color'])
  await assertRefused('POST', `/api/crm/pipelines/${main.id}/stages`, { ...stage, probability: -1 }, 400, 'VALIDATION_ERROR', ['body.probability'])
  await assertRefused('POST', `/api/crm/pipelines/${main.id}/stages`, { ...stage, isWon: true, isLost: true }, 400, 'VALIDATION_ERROR', ['body.isLost'])
  const lostStage = main.stages.find((s: any) => s.isLost)
  await assertRefused('PATCH', `/api/crm/stages/${lostStage.id}`, { isWon: true }, 400, 'VALIDATION_ERROR', ['body.isLost'])
  await assertRefused('PATCH', `/api/crm/stages/${lostStage.id}`, { probability: 101 }, 400, 'VALIDATION_ERROR', ['body.probability'])
  await assertRefused('PATCH', `/api/crm/stages/${lostStage.id}`, {}, 400, 'VALIDATION_ERROR')
  await assertRefused('PATCH', `/api/crm/pipelines/${main.id}`, { name: '' }, 400, 'VALIDATION_ERROR', ['body.name'])
})

test('archiving the default pipeline → 409 DEFAULT_PIPELINE; an archived one cannot become the default', async () => {
  assert.equal(main.isDefault, true)
  await assertRefused('DELETE', `/api/crm/pipelines/${main.id}`, undefined, 409, 'DEFAULT_PIPELINE')
  const spare = (await call('POST', '/api/crm/pipelines', { name: 'Spare' })).body.data
  assert.equal((await call('DELETE', `/api/crm/pipelines/${spare.id}`)).status, 200)
  await assertRefused('PATCH', `/api/crm/pipelines/${spare.id}/default`, undefined, 409, 'CONFLICT')
})

test('reorder: a stage of another pipeline, a missing stage, a repeat → 400 naming the entry', async () => {
  const mine = main.stages.map((s: any, index: number) => ({ stageId: s.id, newOrder: index }))
  const path = `/api/crm/pipelines/${main.id}/stages/reorder`
  const foreign = [...mine.slice(1), { stageId: other.stages[0].id, newOrder: 99 }]
  await assertRefused('PATCH', path, { order: foreign }, 400, 'VALIDATION_ERROR', [`body.order.${mine.length - 1}.stageId`, 'body.order'])
  await assertRefused('PATCH', path, { order: mine.slice(1) }, 400, 'VALIDATION_ERROR', ['body.order'])
  await assertRefused('PATCH', path, { order: [...mine, mine[0]] }, 400, 'VALIDATION_ERROR', [`body.order.${mine.length}.stageId`])
  await assertRefused('PATCH', path, { order: mine.map((entry: any) => ({ ...entry, newOrder: 0 })) }, 400, 'VALIDATION_ERROR', ['body.order.1.newOrder'])
  await assertRefused('PATCH', path, { order: [{ stageId: randomUUID(), newOrder: -1 }] }, 400, 'VALIDATION_ERROR', ['body.order.0.newOrder'])
})

test('deleting a stage that holds leads without moveLeadsToStageId → 409 STAGE_HAS_LEADS; bad targets → 400', async () => {
  const held = main.stages[0].id
  await assertRefused('DELETE', `/api/crm/stages/${held}`, undefined, 409, 'STAGE_HAS_LEADS')
  await assertRefused('DELETE', `/api/crm/stages/${held}`, {}, 409, 'STAGE_HAS_LEADS')
  for (const target of [other.stages[0].id, held, randomUUID(), 'nope']) {
    await assertRefused('DELETE', `/api/crm/stages/${held}`, { moveLeadsToStageId: target }, 400, 'VALIDATION_ERROR', ['body.moveLeadsToStageId'])
  }
})

test("a pipeline's last stage cannot be deleted → 409 CONFLICT", async () => {
  const single = (await call('POST', '/api/crm/pipelines', { name: 'Single', stages: [stage] })).body.data
  await assertRefused('DELETE', `/api/crm/stages/${single.stages[0].id}`, undefined, 409, 'CONFLICT')
})

const unknownIds = [randomUUID(), 'not-a-uuid', "1' or '1'='1"]
const pipelineRoutes: [string, string, unknown][] = [
  ['GET', '', undefined],
  ['PATCH', '', { name: 'X' }],
  ['DELETE', '', undefined],
  ['PATCH', '/default', undefined],
  ['POST', '/duplicate', { name: 'X' }],
  ['POST', '/stages', stage],
  ['PATCH', '/stages/reorder', { order: [{ stageId: randomUUID(), newOrder: 0 }] }],
  ['GET', '/board', undefined],
  ['GET', '/forecast', undefined],
]
for (const [method, suffix, json] of pipelineRoutes) {
  test(`${method} /api/crm/pipelines/{unknown}${suffix} → 404 PIPELINE_NOT_FOUND, nothing changed`, async () => {
    for (const id of unknownIds) {
      await assertRefused(method, `/api/crm/pipelines/${encodeURIComponent(id)}${suffix}`, json, 404, 'PIPELINE_NOT_FOUND')
    }
  })
}
for (const [method, json] of [['PATCH', { name: 'X' }], ['DELETE', undefined]] as const) {
  test(`${method} /api/crm/stages/{unknown} → 404 STAGE_NOT_FOUND, nothing changed`, async () => {
    for (const id of unknownIds) await assertRefused(method, `/api/crm/stages/${encodeURIComponent(id)}`, json, 404, 'STAGE_NOT_FOUND')
  })
}
