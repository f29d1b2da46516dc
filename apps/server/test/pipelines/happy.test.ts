import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEcodrix } from '@ecodrix/sdk'
import { pipelineTemplates, type PipelineTemplateName } from '../../src/areas/crm/pipelines/pipeline-templates'
import { countDefaultPipelines, insertLeads, leadStages } from '../helpers/crm-data'
import { request } from '../helpers/http'
import { createTenant, tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Pipeline Clinic' } })

const call = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.tenant.headers, json })

async function createPipeline(json: Record<string, unknown>) {
  const created = await call('POST', '/api/crm/pipelines', json)
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body.data
}

test("a new tenant's first pipeline becomes the default even without isDefault", async () => {
  const fresh = await createTenant(env.server, 'Fresh Clinic')
  const created = await request(env.server, 'POST', '/api/crm/pipelines', { headers: fresh.headers, json: { name: 'First' } })
  assert.equal(created.status, 201)
  assert.equal(created.body.data.isDefault, true)
  assert.equal(created.body.data.template, 'sales', 'neither template nor stages: the sales stages')
  assert.equal(await countDefaultPipelines(env.server, fresh.clientCode), 1)
})

for (const name of Object.keys(pipelineTemplates) as PipelineTemplateName[]) {
  test(`template ${name}: its named stages, colours, probabilities and one won and one lost stage`, async () => {
    const pipeline = await createPipeline({ name: `From ${name}`, template: name })
    assert.equal(pipeline.template, name)
    assert.equal(pipeline.isArchived, false)
    assert.deepEqual(
      pipeline.stages.map(({ name, color, probability, order, isWon, isLost }: any) => ({ name, color, probability, order, isWon, isLost })),
      pipelineTemplates[name].stages.map((stage, order) => ({ isWon: false, isLost: false, ...stage, order })),
    )
    assert.equal(pipeline.stages.filter((stage: any) => stage.isWon).length, 1)
    assert.equal(pipeline.stages.filter((stage: any) => stage.isLost).length, 1)
    for (const stage of pipeline.stages) assert.equal(stage.pipelineId, pipeline.id)
    const fetched = await call('GET', `/api/crm/pipelines/${pipeline.id}`)
    assert.deepEqual(fetched.body.data, pipeline)
  })
}

test('seed example: "Patient Journey" from the appointment template becomes the only default', async () => {
  const before = (await call('GET', '/api/crm/pipelines')).body.data
  const pipeline = await createPipeline({ name: 'Patient Journey', isDefault: true, template: 'appointment' })
  assert.equal(pipeline.isDefault, true)
  assert.equal(pipeline.stages[0].name, 'Inquiry')
  const listed = (await call('GET', '/api/crm/pipelines')).body.data
  assert.equal(listed.length, before.length + 1)
  assert.equal(listed[0].id, pipeline.id, 'the default is listed first')
  assert.deepEqual(
    listed.filter((item: any) => item.isDefault).map((item: any) => item.id),
    [pipeline.id],
  )
})

test('seed example: custom stages keep their colours, probabilities and won flag; defaults fill the rest', async () => {
  const pipeline = await createPipeline({
    name: 'Custom Pipeline',
    stages: [
      { name: 'Inquiry', color: '#6366f1', probability: 10 },
      { name: 'Consulted', color: '#10b981', probability: 60, isWon: true },
      { name: 'Gone' , isLost: true },
    ],
  })
  assert.equal(pipeline.template, null)
  assert.equal(pipeline.isDefault, false)
  assert.deepEqual(
    pipeline.stages.map(({ name, color, probability, order, isWon, isLost }: any) => [name, color, probability, order, isWon, isLost]),
    [
      ['Inquiry', '#6366f1', 10, 0, false, false],
      ['Consulted', '#10b981', 60, 1, true, false],
      ['Gone', '#6366f1', 0, 2, false, true],
    ],
  )
})

test('update renames and describes; archive hides from the list but get still finds it', async () => {
  const pipeline = await createPipeline({ name: 'Old name', template: 'support' })
  const updated = await call('PATCH', `/api/crm/pipelines/${pipeline.id}`, { name: 'New name', description: 'Tickets' })
  assert.equal(updated.status, 200)
  assert.equal(updated.body.data.name, 'New name')
  assert.equal(updated.body.data.description, 'Tickets')
  assert.equal(updated.body.data.stages.length, pipelineTemplates.support.stages.length)
  const cleared = await call('PATCH', `/api/crm/pipelines/${pipeline.id}`, { description: null })
  assert.equal(cleared.body.data.description, null)

  const archived = await call('DELETE', `/api/crm/pipelines/${pipeline.id}`)
  assert.equal(archived.status, 200)
  assert.equal(archived.body.data.isArchived, true)
  const listed = (await call('GET', '/api/crm/pipelines')).body.data
  assert.ok(!listed.some((item: any) => item.id === pipeline.id))
  const fetched = await call('GET', `/api/crm/pipelines/${pipeline.id}`)
  assert.equal(fetched.body.data.isArchived, true)
  const again = await call('DELETE', `/api/crm/pipelines/${pipeline.id}`)
  assert.equal(again.status, 200)
})

test('ten concurrent default switches leave exactly one default, one of the requested ones', async () => {
  const pipelines = await Promise.all(Array.from({ length: 10 }, (_, i) => createPipeline({ name: `Race ${i}`, template: 'marketing' })))
  const switched = await Promise.all(pipelines.map((pipeline) => call('PATCH', `/api/crm/pipelines/${pipeline.id}/default`)))
  for (const result of switched) {
    assert.equal(result.status, 200, JSON.stringify(result.body))
    assert.equal(result.body.data.isDefault, true)
  }
  assert.equal(await countDefaultPipelines(env.server, env.tenant.clientCode), 1)
  const listed = (await call('GET', '/api/crm/pipelines')).body.data
  const defaults = listed.filter((item: any) => item.isDefault)
  assert.equal(defaults.length, 1)
  assert.ok(pipelines.some((pipeline) => pipeline.id === defaults[0].id))
  const repeat = await call('PATCH', `/api/crm/pipelines/${defaults[0].id}/default`)
  assert.equal(repeat.status, 200)
  assert.equal(await countDefaultPipelines(env.server, env.tenant.clientCode), 1)
})

test('duplicate copies every stage in order with new ids, no leads, not default', async () => {
  const source = await createPipeline({ name: 'Patient Journey', template: 'appointment' })
  await insertLeads(env.server, env.tenant.clientCode, [{ pipelineId: source.id, stageId: source.stages[1].id, dealValue: 100 }])
  const copied = await call('POST', `/api/crm/pipelines/${source.id}/duplicate`, { name: 'Copy of Patient Journey' })
  assert.equal(copied.status, 201)
  const copy = copied.body.data
  assert.equal(copy.name, 'Copy of Patient Journey')
  assert.equal(copy.isDefault, false)
  assert.notEqual(copy.id, source.id)
  const strip = (stages: any[]) => stages.map(({ id, pipelineId, ...rest }) => rest)
  assert.deepEqual(strip(copy.stages), strip(source.stages))
  assert.ok(copy.stages.every((stage: any) => stage.pipelineId === copy.id && !source.stages.some((s: any) => s.id === stage.id)))
  const board = await call('GET', `/api/crm/pipelines/${copy.id}/board`)
  assert.equal(board.body.data.stages.reduce((sum: number, stage: any) => sum + stage.leadCount, 0), 0)

  const unnamed = await request(env.server, 'POST', `/api/crm/pipelines/${source.id}/duplicate`, { headers: env.tenant.headers })
  assert.equal(unnamed.status, 201)
  assert.equal(unnamed.body.data.name, 'Copy of Patient Journey')
})

test('stages: add (seed example) appends, update changes fields, reorder follows the drag-and-drop payload', async () => {
  const pipeline = await createPipeline({ name: 'Stages', template: 'product_purchase' })
  const added = await call('POST', `/api/crm/pipelines/${pipeline.id}/stages`, { name: 'Under Review', color: '#f59e0b', probability: 40 })
  assert.equal(added.status, 201)
  assert.deepEqual(
    { ...added.body.data, id: undefined },
    { id: undefined, pipelineId: pipeline.id, name: 'Under Review', color: '#f59e0b', probability: 40, order: pipeline.stages.length, isWon: false, isLost: false },
  )

  const updated = await call('PATCH', `/api/crm/stages/${added.body.data.id}`, { name: 'Reviewed', probability: 45, color: '#ABCDEF' })
  assert.equal(updated.status, 200)
  assert.equal(updated.body.data.name, 'Reviewed')
  assert.equal(updated.body.data.probability, 45)
  assert.equal(updated.body.data.color, '#ABCDEF')
  const lostStage = pipeline.stages.find((stage: any) => stage.isLost)
  const flipped = await call('PATCH', `/api/crm/stages/${lostStage.id}`, { isWon: true, isLost: false })
  assert.equal(flipped.status, 200)
  assert.deepEqual([flipped.body.data.isWon, flipped.body.data.isLost], [true, false])

  const current = (await call('GET', `/api/crm/pipelines/${pipeline.id}`)).body.data.stages
  const reversed = [...current].reverse()
  const reordered = await call('PATCH', `/api/crm/pipelines/${pipeline.id}/stages/reorder`, {
    order: reversed.map((stage: any, index: number) => ({ stageId: stage.id, newOrder: index * 10 })),
  })
  assert.equal(reordered.status, 200, JSON.stringify(reordered.body))
  assert.deepEqual(
    reordered.body.data.stages.map((stage: any) => [stage.id, stage.order]),
    reversed.map((stage: any, index: number) => [stage.id, index]),
  )
  const fetched = (await call('GET', `/api/crm/pipelines/${pipeline.id}`)).body.data.stages
  assert.deepEqual(fetched, reordered.body.data.stages)
})

test('deleting a stage: an empty one goes at once; one with leads moves them first with moveLeadsToStageId', async () => {
  const pipeline = await createPipeline({ name: 'Deleting', template: 'recruitment' })
  const [applied, screening, interview] = pipeline.stages
  const empty = await request(env.server, 'DELETE', `/api/crm/stages/${interview.id}`, { headers: env.tenant.headers })
  assert.equal(empty.status, 200, JSON.stringify(empty.body))
  assert.equal(empty.body.data.movedLeads, 0)
  assert.deepEqual(
    empty.body.data.stages.map((stage: any) => stage.order),
    Array.from({ length: pipeline.stages.length - 1 }, (_, i) => i),
  )

  const leadIds = await insertLeads(env.server, env.tenant.clientCode, [
    { pipelineId: pipeline.id, stageId: screening.id, dealValue: 10 },
    { pipelineId: pipeline.id, stageId: screening.id, status: 'lost' },
    { pipelineId: pipeline.id, stageId: applied.id },
  ])
  const moved = await call('DELETE', `/api/crm/stages/${screening.id}`, { moveLeadsToStageId: applied.id })
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  assert.equal(moved.body.data.deletedStageId, screening.id)
  assert.equal(moved.body.data.movedLeads, 2)
  const stages = await leadStages(env.server, env.tenant.clientCode)
  for (const id of leadIds) assert.equal(stages.get(id), applied.id)
  const db = tenantDb(env.server, env.tenant)
  const movedIds = leadIds.slice(0, 2)
  const activities = await db.selectFrom('activities').selectAll().where('lead_id', 'in', movedIds).where('type', '=', 'stage_moved').execute()
  assert.equal(activities.length, 2, 'each moved lead gets a stage_moved activity')
  assert.deepEqual(activities[0]?.data, { fromStageId: screening.id, toStageId: applied.id })
  const events = await db.selectFrom('crm_events').select(['type', 'payload']).where('lead_id', 'in', movedIds).orderBy('id').execute()
  assert.deepEqual(events.map((event) => event.type).sort(), ['stage_enter', 'stage_enter', 'stage_exit', 'stage_exit'])
  const fetched = (await call('GET', `/api/crm/pipelines/${pipeline.id}`)).body.data.stages
  assert.deepEqual(fetched, moved.body.data.stages)
  assert.ok(!fetched.some((stage: any) => stage.id === screening.id))
})

test('board and forecast: open leads only, summed by stage, empty stages 0', async () => {
  const pipeline = await createPipeline({ name: 'Numbers', template: 'sales' })
  const [newLead, , qualified, proposal] = pipeline.stages
  await insertLeads(env.server, env.tenant.clientCode, [
    { pipelineId: pipeline.id, stageId: newLead.id, dealValue: 1000 },
    { pipelineId: pipeline.id, stageId: newLead.id, dealValue: 2000.5 },
    { pipelineId: pipeline.id, stageId: newLead.id, dealValue: null },
    { pipelineId: pipeline.id, stageId: proposal.id, dealValue: 300000 },
    { pipelineId: pipeline.id, stageId: proposal.id, dealValue: 200000 },
    { pipelineId: pipeline.id, stageId: proposal.id, dealValue: 999999, status: 'won' },
    { pipelineId: pipeline.id, stageId: qualified.id, dealValue: 777, status: 'archived' },
  ])
  const board = await call('GET', `/api/crm/pipelines/${pipeline.id}/board`)
  assert.equal(board.status, 200)
  assert.equal(board.body.data.pipelineId, pipeline.id)
  assert.deepEqual(
    board.body.data.stages.map((stage: any) => [stage.name, stage.leadCount, stage.totalValue]),
    [
      ['New Lead', 3, 3000.5],
      ['Contacted', 0, 0],
      ['Qualified', 0, 0],
      ['Proposal', 2, 500000],
      ['Negotiation', 0, 0],
      ['Won', 0, 0],
      ['Lost', 0, 0],
    ],
  )
  assert.deepEqual(
    board.body.data.stages.map(({ stageId, color, probability, order }: any) => ({ stageId, color, probability, order })),
    pipeline.stages.map(({ id, color, probability, order }: any) => ({ stageId: id, color, probability, order })),
  )

  const forecast = await call('GET', `/api/crm/pipelines/${pipeline.id}/forecast`)
  assert.equal(forecast.status, 200)
  const { rows, grandTotal, totalPipeline } = forecast.body.data
  assert.deepEqual(rows[0], { stageId: newLead.id, stageName: 'New Lead', probability: 10, totalValue: 3000.5, expectedRevenue: 300.05 })
  assert.deepEqual(rows[3], { stageId: proposal.id, stageName: 'Proposal', probability: 60, totalValue: 500000, expectedRevenue: 300000 })
  assert.equal(rows.length, pipeline.stages.length)
  assert.equal(grandTotal, 300300.05)
  assert.equal(totalPipeline, 503000.5)
})

test('SDK: create a pipeline from a template and read its board', async () => {
  const erix = createEcodrix({ baseUrl: env.server.url, apiKey: env.tenant.apiKey, clientCode: env.tenant.clientCode })
  const pipeline = await erix.POST('/api/crm/pipelines', { body: { name: 'Via SDK', template: 'support' } })
  assert.equal(pipeline.stages.length, pipelineTemplates.support.stages.length)
  const board = await erix.GET('/api/crm/pipelines/{pipelineId}/board', { params: { path: { pipelineId: pipeline.id } } })
  assert.deepEqual(
    board.stages.map((stage) => stage.leadCount),
    pipeline.stages.map(() => 0),
  )
})
