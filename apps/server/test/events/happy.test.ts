import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createRule } from '../automations/rule-data'
import { type CallbackReceiver, startCallbackReceiver } from '../helpers/callback-receiver'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { triggerEvents } from './event-data'

const env = useTestServer({ tenants: { clinic: 'Events Clinic', stats: 'Stats Clinic', listing: 'Listing Clinic' } })
let receiver: CallbackReceiver
before(async () => {
  receiver = await startCallbackReceiver()
})
after(() => receiver.close())

const get = (path: string, tenant = env.listing) => request(env.server, 'GET', path, { headers: tenant.headers })

test('a trigger shows up in the log list and in full detail: payload, action outcomes, callback', async () => {
  const { server, clinic } = env
  await createRule(server, clinic, {
    name: 'Tag bookings',
    trigger: 'appointment_confirmed',
    actions: [
      { type: 'add_tag', config: { tag: 'booked' } },
      { type: 'send_email', config: { subject: 'Hi {{patientName}}', htmlBody: '<p>See you</p>' } },
    ],
  })
  const fired = await request(server, 'POST', '/api/saas/workflows/trigger', {
    headers: clinic.headers,
    json: {
      trigger: 'appointment_confirmed',
      phone: '+91 98765-00001',
      email: 'ravi@example.com',
      variables: { patientName: 'Ravi' },
      data: { appointmentId: 'apt-1' },
      createLeadIfMissing: true,
      leadData: { firstName: 'Ravi' },
      callbackUrl: receiver.url,
      callbackMetadata: { appointmentId: 'apt-1' },
    },
  })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const { eventLogId, leadId } = fired.body.data

  const detail = await waitFor('the event to finish and its callback to be created', async () => {
    const result = await request(server, 'GET', `/api/saas/events/logs/${eventLogId}`, { headers: clinic.headers })
    assert.equal(result.status, 200, JSON.stringify(result.body))
    const data = result.body.data
    return data.completedAt && data.callback && data
  })
  assert.equal(detail.id, eventLogId)
  assert.equal(detail.trigger, 'appointment_confirmed')
  assert.equal(detail.source, 'api')
  assert.equal(detail.status, 'partial', 'the email fails without SMTP secrets; the tag is added')
  assert.equal(detail.phone, '+919876500001')
  assert.equal(detail.email, 'ravi@example.com')
  assert.equal(detail.leadId, leadId)
  assert.equal(detail.rulesMatched, 1)
  assert.equal(detail.depth, 0)
  assert.deepEqual(detail.payload.variables, { patientName: 'Ravi' })
  assert.deepEqual(detail.payload.data, { appointmentId: 'apt-1' })
  assert.equal(detail.callbackUrl, receiver.url)
  assert.deepEqual(detail.callbackMetadata, { appointmentId: 'apt-1' })

  assert.deepEqual(
    detail.actions.map((action: any) => [action.ruleName, action.type, action.status]),
    [
      ['Tag bookings', 'add_tag', 'ok'],
      ['Tag bookings', 'send_email', 'failed'],
    ],
  )
  const [tag, email] = detail.actions
  assert.deepEqual(tag.config, { tag: 'booked' })
  assert.equal(tag.delayMinutes, 0)
  assert.ok(tag.ruleId && tag.startedAt && tag.finishedAt && tag.runAt)
  assert.equal(typeof email.reason, 'string')

  assert.equal(detail.callback.url, receiver.url)
  assert.equal(JSON.parse(detail.callback.body).eventLogId, eventLogId)
  assert.ok(['pending', 'delivered'].includes(detail.callback.status))

  const list = await request(server, 'GET', '/api/saas/events/logs', { headers: clinic.headers })
  assert.equal(list.status, 200)
  const item = list.body.data.find((log: any) => log.id === eventLogId)
  const { payload, callbackUrl, callbackMetadata, jobId, actions, callback, ...summary } = detail
  assert.deepEqual(item, summary, 'the list item is the detail without payload, actions and callback')
})

test('the detail lists every callback attempt, oldest first, and each action run as stored', async () => {
  const { server, listing } = env
  // Kept as inserts: the view must show rows exactly as stored, which no run leaves (a deleted rule's
  // runs out of position order, a callback with attempts written out of order and no job).
  const db = tenantDb(server, listing)
  const { id } = await db
    .insertInto('event_logs')
    .values({
      trigger: 'payment_captured',
      source: 'api',
      status: 'partial',
      callback_url: 'https://client.example/hook',
      completed_at: new Date('2026-05-01T10:00:01Z'),
      // created_at is the database's to set; only this fixture back-dates it.
      ...({ created_at: new Date('2026-05-01T10:00:00Z'), run_at: new Date('2026-05-01T10:00:00Z') } as object),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('action_runs')
    .values([
      { event_log_id: id, rule_name: 'Gone rule', position: 1, type: 'send_whatsapp', config: '{"templateName":"paid"}', status: 'failed', reason: 'Graph API error 132000', attempts: 2 },
      { event_log_id: id, rule_name: 'Later', position: 2, type: 'add_tag', config: '{"tag":"later"}', delay_minutes: 60, status: 'scheduled', job_id: 'job-later', run_at: new Date('2026-05-01T11:00:00Z') },
      { event_log_id: id, rule_name: 'First', position: 0, type: 'add_tag', config: '{"tag":"paid"}', status: 'ok', result: '{"tag":"paid","changed":true}', attempts: 1 },
    ])
    .execute()
  const delivery = await db
    .insertInto('callback_deliveries')
    .values({ event_log_id: id, url: 'https://client.example/hook', body: '{"eventLogId":"x"}', status: 'delivered', attempts: 3, finished_at: new Date('2026-05-01T10:05:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('callback_attempts')
    .values([
      { delivery_id: delivery.id, attempt: 3, status: 'delivered', status_code: 204, duration_ms: 12 },
      { delivery_id: delivery.id, attempt: 1, status: 'failed', status_code: 500, duration_ms: 40, error: 'HTTP 500' },
      { delivery_id: delivery.id, attempt: 2, status: 'failed', status_code: null, duration_ms: 15000, error: 'timed out' },
    ])
    .execute()

  const result = await get(`/api/saas/events/logs/${id}`)
  assert.equal(result.status, 200, JSON.stringify(result.body))
  const { actions, callback } = result.body.data
  assert.deepEqual(
    actions.map((action: any) => [action.position, action.ruleName, action.ruleId, action.type, action.status, action.reason, action.attempts, action.jobId, action.delayMinutes]),
    [
      [0, 'First', null, 'add_tag', 'ok', null, 1, null, 0],
      [1, 'Gone rule', null, 'send_whatsapp', 'failed', 'Graph API error 132000', 2, null, 0],
      [2, 'Later', null, 'add_tag', 'scheduled', null, 0, 'job-later', 60],
    ],
  )
  assert.deepEqual(actions[0].result, { tag: 'paid', changed: true })
  assert.deepEqual(actions[1].config, { templateName: 'paid' })
  assert.equal(actions[2].runAt, '2026-05-01T11:00:00.000Z')
  assert.deepEqual({ ...callback, attempts: undefined, createdAt: undefined }, {
    id: delivery.id,
    url: 'https://client.example/hook',
    status: 'delivered',
    body: '{"eventLogId":"x"}',
    nextAttemptAt: null,
    jobId: null,
    createdAt: undefined,
    finishedAt: '2026-05-01T10:05:00.000Z',
    attempts: undefined,
  })
  assert.deepEqual(
    callback.attempts.map((attempt: any) => [attempt.attempt, attempt.status, attempt.statusCode, attempt.durationMs, attempt.error]),
    [
      [1, 'failed', 500, 40, 'HTTP 500'],
      [2, 'failed', null, 15000, 'timed out'],
      [3, 'delivered', 204, 12, null],
    ],
  )
  assert.equal(result.body.data.completedAt, '2026-05-01T10:00:01.000Z')
})

test('an event without a callback has callback null', async () => {
  const [id] = await triggerEvents(env.server, env.listing, [{ trigger: 'form_submitted', status: 'completed' }])
  const result = await get(`/api/saas/events/logs/${id}`)
  assert.equal(result.status, 200)
  assert.equal(result.body.data.callback, null)
  assert.deepEqual(result.body.data.actions, [])
})

test('the list is newest first, paginated, and filtered by trigger, status, phone, lead and dates', async () => {
  const { server, listing } = env
  const lead = await request(server, 'POST', '/api/crm/leads', { headers: listing.headers, json: { firstName: 'Asha', phone: '+919811111111' } })
  assert.equal(lead.status, 201)
  const leadId = lead.body.data.id
  const ids = await triggerEvents(server, listing, [
    { trigger: 'form_submitted', status: 'completed', phone: '+919811111111', createdAt: '2026-03-01T08:00:00Z' },
    { trigger: 'form_submitted', status: 'failed', phone: '+919822222222', createdAt: '2026-03-01T23:59:59Z' },
    { trigger: 'payment_captured', status: 'partial', phone: '+919811111111', createdAt: '2026-03-02T00:00:00Z' },
    { trigger: 'payment_captured', status: 'scheduled', createdAt: '2026-03-03T12:00:00Z' },
    { trigger: 'deal_won', status: 'processing', createdAt: '2026-03-04T12:00:00Z' },
  ])
  const range = 'startDate=2026-03-01&endDate=2026-03-31'
  const idsOf = async (query: string) => {
    const result = await get(`/api/saas/events/logs?${range}&${query}`)
    assert.equal(result.status, 200, JSON.stringify(result.body))
    return result.body.data.map((log: { id: string }) => log.id)
  }

  const page1 = await get(`/api/saas/events/logs?${range}&limit=2`)
  assert.deepEqual(page1.body.data.map((log: any) => log.id), [ids[4], ids[3]])
  assert.deepEqual({ ...page1.body, data: undefined }, { success: true, data: undefined, total: 5, page: 1, limit: 2, totalPages: 3 })
  const page3 = await get(`/api/saas/events/logs?${range}&limit=2&page=3`)
  assert.deepEqual(page3.body.data.map((log: any) => log.id), [ids[0]])

  assert.deepEqual(await idsOf('trigger=form_submitted'), [ids[1], ids[0]])
  assert.deepEqual(await idsOf('status=partial'), [ids[2]])
  assert.deepEqual(await idsOf(`phone=${encodeURIComponent('0091 98111-11111')}`), [ids[2], ids[0]], 'the phone is normalised like a lead’s')
  assert.deepEqual(await idsOf(`leadId=${leadId}`), [ids[2], ids[0]])
  assert.deepEqual(await idsOf('trigger=payment_captured&status=scheduled'), [ids[3]])
  assert.deepEqual(await idsOf('trigger=nothing_like_it'), [])

  const within = async (query: string) => (await get(`/api/saas/events/logs?${query}`)).body.data.map((log: { id: string }) => log.id)
  assert.deepEqual(await within('startDate=2026-03-01&endDate=2026-03-01'), [ids[1], ids[0]], 'a date-only endDate covers its whole day')
  assert.deepEqual(await within('startDate=2026-03-02&endDate=2026-03-03'), [ids[3], ids[2]])
  assert.deepEqual(await within('startDate=2026-03-01T08:00:00Z&endDate=2026-03-02T00:00:00Z'), [ids[2], ids[1], ids[0]], 'date-times are inclusive')
  assert.deepEqual(await within('startDate=2026-03-04&endDate=2026-03-31'), [ids[4]])
  assert.deepEqual(await within('endDate=2026-02-28'), [])
})

test('stats count events per trigger and status, with the success rate of finished events', async () => {
  const { server, stats } = env
  const day = (d: string, status: 'completed' | 'partial' | 'failed' | 'scheduled' | 'processing', trigger: string) => ({
    trigger,
    status,
    createdAt: `2026-04-${d}T10:00:00Z`,
  })
  await triggerEvents(server, stats, [
    // appointment_confirmed: 3 completed, 1 failed → 0.75
    day('01', 'completed', 'appointment_confirmed'),
    day('01', 'completed', 'appointment_confirmed'),
    day('02', 'completed', 'appointment_confirmed'),
    day('02', 'failed', 'appointment_confirmed'),
    // form_submitted: 2 completed, 1 partial (not a success), 1 processing (not finished) → 2/3 = 0.67
    day('03', 'completed', 'form_submitted'),
    day('03', 'completed', 'form_submitted'),
    day('03', 'partial', 'form_submitted'),
    day('03', 'processing', 'form_submitted'),
    // appointment_reminder: nothing finished yet → null
    day('04', 'scheduled', 'appointment_reminder'),
    // outside the range asked for below
    day('20', 'failed', 'deal_lost'),
  ])

  const all = await request(server, 'GET', '/api/saas/events/stats', { headers: stats.headers })
  assert.equal(all.status, 200, JSON.stringify(all.body))
  assert.deepEqual(all.body.data, {
    totalEvents: 10,
    byTrigger: [
      { trigger: 'appointment_confirmed', count: 4, successRate: 0.75 },
      { trigger: 'form_submitted', count: 4, successRate: 0.67 },
      { trigger: 'appointment_reminder', count: 1, successRate: null },
      { trigger: 'deal_lost', count: 1, successRate: 0 },
    ],
    byStatus: [
      { status: 'completed', count: 5 },
      { status: 'failed', count: 2 },
      { status: 'partial', count: 1 },
      { status: 'processing', count: 1 },
      { status: 'scheduled', count: 1 },
    ],
  })

  const ranged = await request(server, 'GET', '/api/saas/events/stats?startDate=2026-04-02&endDate=2026-04-03', { headers: stats.headers })
  assert.deepEqual(ranged.body.data, {
    totalEvents: 6,
    byTrigger: [
      { trigger: 'form_submitted', count: 4, successRate: 0.67 },
      { trigger: 'appointment_confirmed', count: 2, successRate: 0.5 },
    ],
    byStatus: [
      { status: 'completed', count: 3 },
      { status: 'failed', count: 1 },
      { status: 'partial', count: 1 },
      { status: 'processing', count: 1 },
    ],
  })

  const empty = await request(server, 'GET', '/api/saas/events/stats?startDate=2030-01-01', { headers: stats.headers })
  assert.deepEqual(empty.body.data, { totalEvents: 0, byTrigger: [], byStatus: [] })
})
