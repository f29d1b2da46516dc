import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Updates Clinic' } })

const db = () => tenantDb(env.server, env.tenant)
const call = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.tenant.headers, ...(json === undefined ? {} : { json }) })
const newLead = async (json: Record<string, unknown>) => (await call('POST', '/api/crm/leads', json)).body.data
const activitiesOf = (leadId: string) =>
  db().selectFrom('activities').select(['type', 'data']).where('lead_id', '=', leadId).where('type', '<>', 'lead_created').orderBy('created_at').execute()

test('updating fields changes only them and records each change', async () => {
  const lead = await newLead({ firstName: 'Suresh', phone: '+919300000001', dealValue: 1000 })
  const updated = await call('PATCH', `/api/crm/leads/${lead.id}`, { dealValue: 150000, assignedTo: 'priya', firstName: 'Suresh' })
  assert.equal(updated.status, 200)
  assert.equal(updated.body.data.dealValue, 150000)
  assert.equal(updated.body.data.assignedTo, 'priya')
  assert.equal(updated.body.data.phone, '+919300000001')
  const activities = await activitiesOf(lead.id)
  assert.deepEqual(activities.map((a) => a.data.field).sort(), ['assignedTo', 'dealValue'])
  assert.deepEqual(activities.find((a) => a.data.field === 'dealValue')?.data, { field: 'dealValue', from: 1000, to: 150000 })
})

test('a phone update is normalised and may not take another open lead’s phone', async () => {
  await newLead({ firstName: 'Owner', phone: '+919300000002' })
  const lead = await newLead({ firstName: 'Mover', phone: '+919300000003' })
  const taken = await call('PATCH', `/api/crm/leads/${lead.id}`, { phone: '91 93000 00002' })
  assert.equal(taken.status, 409)
  assert.equal(taken.body.code, 'LEAD_EXISTS')
  const fine = await call('PATCH', `/api/crm/leads/${lead.id}`, { phone: '0091 93000 00009' })
  assert.equal(fine.body.data.phone, '+919300000009')
  const cleared = await call('PATCH', `/api/crm/leads/${lead.id}`, { phone: null })
  assert.equal(cleared.status, 400, 'a lead keeps a phone or an email')
})

test('metadata merges refs and extra without touching core fields; null removes a key', async () => {
  const lead = await newLead({ firstName: 'Meta', phone: '+919300000004', metadata: { refs: { appointmentId: 'a1', bookingId: 'b1' }, extra: { plan: 'Premium' } } })
  const merged = await call('PATCH', `/api/crm/leads/${lead.id}/metadata`, { refs: { appointmentId: 'new-id', bookingId: null }, extra: { plan: 'Enterprise', seats: 5 } })
  assert.equal(merged.status, 200)
  assert.deepEqual(merged.body.data.metadata, { refs: { appointmentId: 'new-id' }, extra: { plan: 'Enterprise', seats: 5 } })
  assert.equal(merged.body.data.firstName, 'Meta')
  assert.equal((await call('GET', '/api/crm/leads/by-ref?field=appointmentId&value=new-id')).body.data.id, lead.id)
})

test('converting to won sets status, reason and closedAt and moves to the won stage', async () => {
  const lead = await newLead({ firstName: 'Winner', phone: '+919300000005' })
  const won = await call('PATCH', `/api/crm/leads/${lead.id}/convert`, { status: 'won', reason: 'Signed contract' })
  assert.equal(won.status, 200)
  assert.equal(won.body.data.status, 'won')
  assert.equal(won.body.data.closeReason, 'Signed contract')
  assert.ok(Date.parse(won.body.data.closedAt) > Date.now() - 60_000)
  const stage = await db().selectFrom('stages').selectAll().where('id', '=', won.body.data.stageId).executeTakeFirstOrThrow()
  assert.equal(stage.is_won, true)
  const events = await db().selectFrom('crm_events').select('type').where('lead_id', '=', lead.id).orderBy('id').execute()
  assert.deepEqual(events.map((e) => e.type), ['lead_created', 'stage_exit', 'stage_enter'])
  const lost = await call('PATCH', `/api/crm/leads/${lead.id}/convert`, { status: 'open' })
  assert.equal(lost.status, 400)
})
