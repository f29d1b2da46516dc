import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { createTenant, tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Leads Clinic' } })

const createLead = (json: unknown) => request(env.server, 'POST', '/api/crm/leads', { headers: env.tenant.headers, json })

test('the first leads of a new tenant create the default sales pipeline exactly once', async () => {
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => createLead({ firstName: `First ${i}`, phone: `+9190000000${10 + i}` })),
  )
  assert.deepEqual(results.map((result) => result.status), Array(8).fill(201))
  const pipelines = await tenantDb(env.server, env.tenant).selectFrom('pipelines').selectAll().execute()
  assert.equal(pipelines.length, 1)
  assert.equal(pipelines[0]?.is_default, true)
  const stages = await tenantDb(env.server, env.tenant).selectFrom('stages').selectAll().orderBy('position').execute()
  assert.equal(stages.length, 7)
  for (const result of results) {
    assert.equal(result.body.data.pipelineId, pipelines[0]?.id)
    assert.equal(result.body.data.stageId, stages[0]?.id, 'new leads start in the first stage')
  }
})

test('the seed’s minimal and full payloads create leads as documented', async () => {
  const minimal = await createLead({ firstName: 'Suresh', phone: '+919876543210' })
  assert.equal(minimal.status, 201)
  assert.equal(minimal.body.data.firstName, 'Suresh')
  assert.equal(minimal.body.data.status, 'open')
  assert.deepEqual(minimal.body.data.metadata, { refs: {}, extra: {} })

  const full = await createLead({
    firstName: 'Suresh',
    lastName: 'Rao',
    phone: '+919876543211',
    email: 'Suresh@Example.com',
    source: 'website',
    dealValue: 120000,
    dealTitle: 'OPD Automation Package',
    metadata: { refs: { appointmentId: '6789aaa', bookingId: '6789bbb' }, extra: { appointmentDate: '2026-03-01', plan: 'Premium' } },
  })
  assert.equal(full.status, 201)
  const lead = full.body.data
  assert.equal(lead.email, 'suresh@example.com')
  assert.equal(lead.dealValue, 120000)
  assert.deepEqual(lead.metadata.refs, { appointmentId: '6789aaa', bookingId: '6789bbb' })
  assert.equal(lead.metadata.extra.plan, 'Premium')

  const fetched = await request(env.server, 'GET', `/api/crm/leads/${lead.id}`, { headers: env.tenant.headers })
  assert.equal(fetched.status, 200)
  assert.equal(fetched.body.data.pipeline.name, 'Sales')
  assert.equal(fetched.body.data.stage.name, 'New Lead')
  assert.equal(fetched.body.data.stage.probability, 10)
})

test('phones are normalised: the same number in other notations is the same person', async () => {
  const first = await createLead({ firstName: 'Ravi', phone: '919812345678' })
  assert.equal(first.body.data.phone, '+919812345678')
  for (const notation of ['+91 98123-45678', '0091 (98123) 45678', '+919812345678']) {
    const again = await createLead({ firstName: 'Ravi again', phone: notation })
    assert.equal(again.status, 409, notation)
    assert.equal(again.body.code, 'LEAD_EXISTS')
    assert.ok(again.body.message.includes(first.body.data.id))
  }
})

test('creating a lead writes its timeline activity and a lead_created outbox event', async () => {
  const created = await createLead({ firstName: 'Outbox', email: 'outbox@example.com', source: 'referral' })
  const leadId = created.body.data.id
  const activities = await tenantDb(env.server, env.tenant).selectFrom('activities').selectAll().where('lead_id', '=', leadId).execute()
  assert.deepEqual(activities.map((activity) => activity.type), ['lead_created'])
  const events = await tenantDb(env.server, env.tenant).selectFrom('crm_events').selectAll().where('lead_id', '=', leadId).execute()
  assert.equal(events.length, 1)
  assert.equal(events[0]?.type, 'lead_created')
  // Its consumption (consumed_at) is the engine's, in the background.
  assert.deepEqual(events[0]?.payload, { pipelineId: created.body.data.pipelineId, stageId: created.body.data.stageId })
})

test('a lead can be placed in a given stage', async () => {
  const stages = await tenantDb(env.server, env.tenant).selectFrom('stages').selectAll().orderBy('position').execute()
  const proposal = stages.find((stage) => stage.name === 'Proposal')!
  const placed = await createLead({ firstName: 'Placed', phone: '+919800000001', stageId: proposal.id, pipelineId: proposal.pipeline_id })
  assert.equal(placed.status, 201)
  assert.equal(placed.body.data.stageId, proposal.id)
})

test('listing filters, searches, sorts and paginates; archived leads stay out unless asked for', async () => {
  const other = await createTenant(env.server, 'List Tenant')
  const make = (json: Record<string, unknown>) => request(env.server, 'POST', '/api/crm/leads', { headers: other.headers, json })
  await make({ firstName: 'Anita', lastName: 'Desai', phone: '+919700000001', source: 'website', dealValue: 5000, tags: ['hot', 'vip'], assignedTo: 'priya', dealTitle: 'Clinic Suite' })
  await make({ firstName: 'Bala', phone: '+919700000002', source: 'referral', dealValue: 90000, tags: ['hot'], metadata: { refs: { orderId: 'ord-77' } } })
  await make({ firstName: 'Chitra', email: 'chitra@example.com', source: 'website', dealValue: 1000 })
  const archived = await make({ firstName: 'Dev', phone: '+919700000004', source: 'website' })
  const db = tenantDb(env.server, other)
  await db.updateTable('leads').set({ status: 'archived' }).where('id', '=', archived.body.data.id).execute()
  await db.updateTable('leads').set({ score: 80 }).where('first_name', '=', 'Bala').execute()

  const list = (query: string) => request(env.server, 'GET', `/api/crm/leads${query}`, { headers: other.headers })
  const names = async (query: string) => (await list(query)).body.data.map((lead: { firstName: string }) => lead.firstName)

  const all = await list('')
  assert.equal(all.body.total, 3, 'archived leads are left out')
  assert.equal(all.body.limit, 25)
  assert.deepEqual(await names('?status=archived'), ['Dev'])
  assert.deepEqual(await names('?source=website&sortBy=dealValue&sortDir=desc'), ['Anita', 'Chitra'])
  assert.deepEqual(await names('?tags=hot,vip'), ['Anita'])
  assert.deepEqual((await names('?tags=hot&sortBy=createdAt&sortDir=asc')), ['Anita', 'Bala'])
  assert.deepEqual(await names('?minScore=50'), ['Bala'])
  assert.deepEqual(await names('?assignedTo=priya'), ['Anita'])
  assert.deepEqual(await names('?search=desai'), ['Anita'])
  assert.deepEqual(await names('?search=clinic%20suite'), ['Anita'])
  assert.deepEqual(await names('?search=chitra%40example'), ['Chitra'])
  assert.deepEqual(await names('?search=9700000002'), ['Bala'])
  assert.deepEqual(await names('?orderId=ord-77'), ['Bala'])
  assert.deepEqual(await names('?search=100%25'), [], 'LIKE wildcards in search are literal')

  const page1 = await list('?limit=2&page=1&sortBy=dealValue&sortDir=asc')
  const page2 = await list('?limit=2&page=2&sortBy=dealValue&sortDir=asc')
  assert.equal(page1.body.totalPages, 2)
  assert.deepEqual([...page1.body.data, ...page2.body.data].map((lead: { dealValue: number }) => lead.dealValue), [1000, 5000, 90000])
})
