import assert from 'node:assert/strict'
import { test } from 'node:test'
import { insertLeads, snapshotCrmTables } from '../helpers/crm-data'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

let pipeline: any
const env = useTestServer({
  tenants: { owner: 'Owner Clinic', intruder: 'Intruder Store' },
  async seed() {
    pipeline = (await request(env.server, 'POST', '/api/crm/pipelines', { headers: env.owner.headers, json: { name: 'Private', template: 'sales' } })).body.data
    await insertLeads(env.server, env.owner.clientCode, [{ pipelineId: pipeline.id, stageId: pipeline.stages[0].id, dealValue: 1000 }])
    await request(env.server, 'POST', '/api/crm/pipelines', { headers: env.intruder.headers, json: { name: 'Theirs' } })
  },
})

test("another tenant's pipelines are not listed", async () => {
  const listed = await request(env.server, 'GET', '/api/crm/pipelines', { headers: env.intruder.headers })
  assert.deepEqual(
    listed.body.data.map((item: any) => item.name),
    ['Theirs'],
  )
})

test("every operation on another tenant's pipeline or stage ids → 404, and neither tenant's data changes", async () => {
  const [first, second] = pipeline.stages
  const attempts: [string, string, unknown, string][] = [
    ['GET', `/api/crm/pipelines/${pipeline.id}`, undefined, 'PIPELINE_NOT_FOUND'],
    ['PATCH', `/api/crm/pipelines/${pipeline.id}`, { name: 'Mine now' }, 'PIPELINE_NOT_FOUND'],
    ['DELETE', `/api/crm/pipelines/${pipeline.id}`, undefined, 'PIPELINE_NOT_FOUND'],
    ['PATCH', `/api/crm/pipelines/${pipeline.id}/default`, undefined, 'PIPELINE_NOT_FOUND'],
    ['POST', `/api/crm/pipelines/${pipeline.id}/duplicate`, {}, 'PIPELINE_NOT_FOUND'],
    ['POST', `/api/crm/pipelines/${pipeline.id}/stages`, { name: 'Injected' }, 'PIPELINE_NOT_FOUND'],
    ['PATCH', `/api/crm/pipelines/${pipeline.id}/stages/reorder`, { order: [{ stageId: first.id, newOrder: 1 }] }, 'PIPELINE_NOT_FOUND'],
    ['GET', `/api/crm/pipelines/${pipeline.id}/board`, undefined, 'PIPELINE_NOT_FOUND'],
    ['GET', `/api/crm/pipelines/${pipeline.id}/forecast`, undefined, 'PIPELINE_NOT_FOUND'],
    ['PATCH', `/api/crm/stages/${first.id}`, { name: 'Renamed' }, 'STAGE_NOT_FOUND'],
    ['DELETE', `/api/crm/stages/${first.id}`, { moveLeadsToStageId: second.id }, 'STAGE_NOT_FOUND'],
  ]
  const before = [await snapshotCrmTables(env.server, env.owner.clientCode), await snapshotCrmTables(env.server, env.intruder.clientCode)]
  for (const [method, path, json, code] of attempts) {
    const result = await request(env.server, method, path, { headers: env.intruder.headers, json })
    expectRefused(result, 404, code, { where: `${method} ${path}` })
  }
  assert.deepEqual([await snapshotCrmTables(env.server, env.owner.clientCode), await snapshotCrmTables(env.server, env.intruder.clientCode)], before)
})
