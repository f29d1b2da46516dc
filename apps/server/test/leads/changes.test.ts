import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Changes Clinic' } })

const db = () => tenantDb(env.server, env.tenant)
const call = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.tenant.headers, ...(json === undefined ? {} : { json }) })
const newLead = async (json: Record<string, unknown>) => (await call('POST', '/api/crm/leads', json)).body.data
const eventsOf = async (leadId: string) =>
  (await db().selectFrom('crm_events').select(['type', 'payload']).where('lead_id', '=', leadId).orderBy('id').execute()).map((e) => e.type)

test('tags are added and removed in one change, with an activity and an event per tag', async () => {
  const lead = await newLead({ firstName: 'Tagged', phone: '+919400000001', tags: ['cold'] })
  const edited = await call('PATCH', `/api/crm/leads/${lead.id}/tags`, { add: ['hot', 'vip'], remove: ['cold'] })
  assert.equal(edited.status, 200)
  assert.deepEqual(edited.body.data.tags, ['hot', 'vip'])
  assert.deepEqual(await eventsOf(lead.id), ['lead_created', 'tag_added', 'tag_added', 'tag_removed'])
  const again = await call('PATCH', `/api/crm/leads/${lead.id}/tags`, { add: ['hot'] })
  assert.deepEqual(again.body.data.tags, ['hot', 'vip'])
  assert.equal((await eventsOf(lead.id)).length, 4, 'adding a tag already there records nothing')
})

test('20 parallel tag edits on one lead lose none', async () => {
  const lead = await newLead({ firstName: 'Busy', phone: '+919400000002' })
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => call('PATCH', `/api/crm/leads/${lead.id}/tags`, { add: [`tag-${i}`] })),
  )
  assert.ok(results.every((result) => result.status === 200))
  const final = await call('GET', `/api/crm/leads/${lead.id}`)
  assert.deepEqual([...final.body.data.tags].sort(), Array.from({ length: 20 }, (_, i) => `tag-${i}`).sort())
})

test('moving a lead records the move and stage_exit / stage_enter events', async () => {
  const lead = await newLead({ firstName: 'Mover', phone: '+919400000003' })
  const stages = await db().selectFrom('stages').selectAll().where('pipeline_id', '=', lead.pipelineId).orderBy('position').execute()
  const target = stages[3]!
  const moved = await call('PATCH', `/api/crm/leads/${lead.id}/move`, { stageId: target.id })
  assert.equal(moved.status, 200)
  assert.equal(moved.body.data.stageId, target.id)
  assert.deepEqual(await eventsOf(lead.id), ['lead_created', 'stage_exit', 'stage_enter'])
  const activity = await db().selectFrom('activities').selectAll().where('lead_id', '=', lead.id).where('type', '=', 'stage_moved').executeTakeFirstOrThrow()
  assert.deepEqual(activity.data, { fromStageId: lead.stageId, toStageId: target.id })
})

test('moving to a stage of another pipeline → 400, the lead stays', async () => {
  const lead = await newLead({ firstName: 'Stayer', phone: '+919400000004' })
  const other = await call('POST', '/api/crm/pipelines', { name: 'Other', isDefault: false, stages: [{ name: 'Elsewhere' }] })
  assert.equal(other.status, 201, JSON.stringify(other.body))
  const foreign = other.body.data.stages[0]
  const refused = await call('PATCH', `/api/crm/leads/${lead.id}/move`, { stageId: foreign.id })
  expectRefused(refused, 400, 'VALIDATION_ERROR')
  assert.equal(refused.body.details[0].path, 'body.stageId')
  assert.equal((await call('GET', `/api/crm/leads/${lead.id}`)).body.data.stageId, lead.stageId)
  assert.deepEqual(await eventsOf(lead.id), ['lead_created'])
})

test('archiving hides a lead from listings and frees its phone', async () => {
  const lead = await newLead({ firstName: 'Old', phone: '+919400000005' })
  const archived = await call('PATCH', `/api/crm/leads/${lead.id}/archive`)
  assert.equal(archived.status, 200)
  assert.equal(archived.body.data.status, 'archived')
  const listed = await call('GET', '/api/crm/leads?search=9400000005')
  assert.equal(listed.body.total, 0)
  const fresh = await call('POST', '/api/crm/leads', { firstName: 'New', phone: '+919400000005' })
  assert.equal(fresh.status, 201)
})

test('a lead is found by any external reference', async () => {
  const lead = await newLead({ firstName: 'Ref', phone: '+919400000006', metadata: { refs: { appointmentId: '6abc-1', crmId: 'X9' } } })
  const byAppointment = await call('GET', '/api/crm/leads/by-ref?field=appointmentId&value=6abc-1')
  assert.equal(byAppointment.status, 200)
  assert.equal(byAppointment.body.data.id, lead.id)
  assert.equal((await call('GET', '/api/crm/leads/by-ref?field=crmId&value=X9')).body.data.id, lead.id)
  const missing = await call('GET', '/api/crm/leads/by-ref?field=appointmentId&value=nope')
  expectRefused(missing, 404, 'LEAD_NOT_FOUND')
  const badField = await call('GET', '/api/crm/leads/by-ref?field=a%27b&value=x')
  assert.equal(badField.status, 400)
})

test('changing an unknown lead → 404; adding and removing one tag at once → 400', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000'
  for (const [path, json] of [['tags', { add: ['x'] }], ['move', { stageId: unknown }], ['archive', undefined]] as const) {
    const result = await call('PATCH', `/api/crm/leads/${unknown}/${path}`, json)
    expectRefused(result, 404, 'LEAD_NOT_FOUND', { where: path })
  }
  const lead = await newLead({ firstName: 'Both', phone: '+919400000007' })
  const both = await call('PATCH', `/api/crm/leads/${lead.id}/tags`, { add: ['x'], remove: ['x'] })
  assert.equal(both.status, 400)
  const empty = await call('PATCH', `/api/crm/leads/${lead.id}/tags`, {})
  assert.equal(empty.status, 400)
})

test('a Kanban column lists the open leads of one stage; a stage of another pipeline → 404', async () => {
  const lead = await newLead({ firstName: 'Column', phone: '+919400000010' })
  const stages = await db().selectFrom('stages').selectAll().where('pipeline_id', '=', lead.pipelineId).orderBy('position').execute()
  const column = await call('GET', `/api/crm/pipelines/${lead.pipelineId}/stages/${lead.stageId}/leads?limit=100`)
  assert.equal(column.status, 200)
  assert.ok(column.body.data.some((row: { id: string }) => row.id === lead.id))
  assert.ok(column.body.data.every((row: { stageId: string; status: string }) => row.stageId === lead.stageId && row.status === 'open'))
  const empty = await call('GET', `/api/crm/pipelines/${lead.pipelineId}/stages/${stages[4]!.id}/leads`)
  assert.equal(empty.body.total, 0)
  const wrong = await call('GET', `/api/crm/pipelines/00000000-0000-4000-8000-000000000000/stages/${lead.stageId}/leads`)
  expectRefused(wrong, 404, 'STAGE_NOT_FOUND')
})
