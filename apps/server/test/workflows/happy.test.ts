import assert from 'node:assert/strict'
import { createHmac, randomInt } from 'node:crypto'
import { after, before, test } from 'node:test'
import { tenantScope } from '../../src/platform/cache/node-cache'
import { createPipeline, createRule } from '../automations/rule-data'
import { type CallbackReceiver, startCallbackReceiver } from '../helpers/callback-receiver'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { actionRuns, eventLog, finishedEvent, lead, trigger, useSandboxWhatsapp } from './workflow-data'

let pipeline: Awaited<ReturnType<typeof createPipeline>>
const env = useTestServer({
  tenants: { clinic: 'Sharma Clinic', empty: 'No Rules Clinic' },
  seed: async () => {
    pipeline = await createPipeline(env.server, env.clinic)
    await useSandboxWhatsapp(env.server, env.clinic)
  },
})
let receiver: CallbackReceiver
before(async () => {
  receiver = await startCallbackReceiver()
})
after(() => receiver.close())

const uniquePhone = () => `9198${String(randomInt(10_000_000, 99_999_999))}`

/** The seed's full trigger payload (API reference, section 1), with a fresh phone and a local callback receiver. */
const seedPayload = (phone: string) => ({
  trigger: 'appointment_confirmed',
  phone,
  email: 'patient@example.com',
  variables: { patientName: 'Ravi Kumar', doctorName: 'Dr. Sharma', appointmentTime: '3:00 PM' },
  data: { appointmentId: '6abc123', amount: 1500 },
  requiresMeet: true,
  meetConfig: {
    title: 'Consultation: Dr. Sharma + Ravi',
    startTime: '2026-03-15T09:30:00Z',
    durationMinutes: 30,
    attendeeEmail: 'patient@example.com',
  },
  callbackUrl: receiver.url,
  callbackMetadata: { appointmentId: '6abc123' },
  delayMinutes: 0,
  createLeadIfMissing: true,
  leadData: { firstName: 'Ravi', lastName: 'Kumar', email: 'patient@example.com', source: 'website' },
})

test("the seed's trigger end to end: lead created, rules matched, actions done, event log complete, signed callback", async () => {
  const { server, clinic } = env
  const qualified = pipeline.stages[1]!.id
  await createRule(server, clinic, {
    name: 'Appointment Confirmed WA',
    trigger: 'appointment_confirmed',
    actions: [{ type: 'send_whatsapp', config: { templateName: 'appointment_confirmed', language: 'en_US' } }],
  })
  await createRule(server, clinic, {
    name: 'Tag and assign',
    trigger: 'appointment_confirmed',
    actions: [
      { type: 'add_tag', config: { tag: 'booked' } },
      { type: 'assign_to', config: { assignTo: 'dr.sharma@example.com' } },
    ],
  })
  await createRule(server, clinic, {
    name: 'Big bookings are qualified',
    trigger: 'appointment_confirmed',
    condition: { field: 'event.data.amount', operator: 'gte', value: 1000 },
    actions: [{ type: 'move_stage', config: { stageId: qualified } }],
  })
  await createRule(server, clinic, {
    name: 'Not this trigger',
    trigger: 'appointment_cancelled',
    actions: [{ type: 'add_tag', config: { tag: 'cancelled' } }],
  })

  const phone = uniquePhone()
  const answer = await trigger(server, clinic, seedPayload(phone))
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const result = answer.body.data
  assert.equal(result.trigger, 'appointment_confirmed')
  assert.equal(result.rulesMatched, 3)
  assert.equal(result.scheduled, false)
  assert.equal(result.meetLink, null)
  assert.match(result.meetWarning, /Google/i, 'no Google connection: the warning says why')
  assert.match(result.jobId, /^[0-9a-f-]{36}$/)

  const created = await lead(server, clinic, result.leadId)
  assert.equal(created.phone, `+${phone}`)
  assert.equal(created.first_name, 'Ravi')
  assert.equal(created.source, 'website')

  const event = await finishedEvent(server, clinic, result.eventLogId)
  assert.equal(event.status, 'completed')
  assert.equal(event.source, 'api')
  assert.equal(event.lead_id, result.leadId)
  assert.equal(event.job_id, result.jobId)
  assert.deepEqual(event.callback_metadata, { appointmentId: '6abc123' })
  assert.deepEqual(
    event.runs.map((run) => [run.rule_name, run.type, run.status, run.attempts]),
    [
      ['Appointment Confirmed WA', 'send_whatsapp', 'ok', 1],
      ['Tag and assign', 'add_tag', 'ok', 1],
      ['Tag and assign', 'assign_to', 'ok', 1],
      ['Big bookings are qualified', 'move_stage', 'ok', 1],
    ],
  )
  assert.equal(event.runs[0]!.result?.simulated, true, 'the mock_ token simulated the WhatsApp send')
  assert.ok(event.runs.every((run) => run.finished_at))

  const after = await lead(server, clinic, result.leadId)
  assert.deepEqual(after.tags, ['booked'])
  assert.equal(after.assigned_to, 'dr.sharma@example.com')
  assert.equal(after.stage_id, qualified)

  const callback = await waitFor('the callback', async () => receiver.received.find((item) => item.rawBody.includes(result.eventLogId)))
  const expected = `sha256=${createHmac('sha256', clinic.webhookSecret).update(callback.rawBody).digest('hex')}`
  assert.equal(callback.headers['x-ecodrix-signature'], expected)
  const body = JSON.parse(callback.rawBody)
  assert.equal(body.trigger, 'appointment_confirmed')
  assert.equal(body.leadId, result.leadId)
  assert.deepEqual(body.metadata, { appointmentId: '6abc123' })
})

test('a trigger no rule answers completes at once, with its callback', async () => {
  const { server, empty } = env
  const answer = await trigger(server, empty, { trigger: 'form_submitted', email: 'nobody@example.com', callbackUrl: receiver.url })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.deepEqual(
    { ...answer.body.data, eventLogId: undefined },
    { eventLogId: undefined, trigger: 'form_submitted', leadId: null, meetLink: null, meetWarning: null, rulesMatched: 0, scheduled: false, jobId: null },
  )
  const event = await eventLog(server, empty, answer.body.data.eventLogId)
  assert.equal(event?.status, 'completed')
  assert.ok(event?.completed_at)
  await waitFor('the callback', async () => receiver.received.some((item) => item.rawBody.includes(answer.body.data.eventLogId)))
})

test('an unknown lead without createLeadIfMissing: no lead is created, the event still runs', async () => {
  const { server, clinic } = env
  await createRule(server, clinic, { name: 'Inquiry tag', trigger: 'form_submitted', actions: [{ type: 'add_tag', config: { tag: 'inquiry' } }] })
  const leadsBefore = await tenantDb(server, clinic).selectFrom('leads').select('id').execute()
  const answer = await trigger(server, clinic, { trigger: 'form_submitted', phone: uniquePhone(), leadData: { firstName: 'Nobody' } })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.equal(answer.body.data.leadId, null)
  assert.equal(answer.body.data.rulesMatched, 1)
  const event = await finishedEvent(server, clinic, answer.body.data.eventLogId)
  assert.equal(event.status, 'completed')
  assert.deepEqual(
    event.runs.map((run) => [run.status, run.reason]),
    [['skipped', 'No lead: the event has none']],
  )
  assert.equal((await tenantDb(server, clinic).selectFrom('leads').select('id').execute()).length, leadsBefore.length)
})

test('an existing lead is found by its phone in any format, and requiresMeet without meetConfig warns', async () => {
  const { server, clinic } = env
  const phone = uniquePhone()
  const existing = await request(server, 'POST', '/api/crm/leads', { headers: clinic.headers, json: { firstName: 'Asha', phone } })
  assert.equal(existing.status, 201)
  const spaced = `+${phone.slice(0, 2)} ${phone.slice(2, 7)}-${phone.slice(7)}`
  const answer = await trigger(server, clinic, { trigger: 'payment_captured', phone: spaced, requiresMeet: true, createLeadIfMissing: true })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.equal(answer.body.data.leadId, existing.body.data.id)
  assert.equal(answer.body.data.meetLink, null)
  assert.match(answer.body.data.meetWarning, /meetConfig/)
})

test('the deprecated events route runs the same trigger and says where it moved', async () => {
  const { server, clinic } = env
  const answer = await trigger(server, clinic, { trigger: 'form_submitted', email: 'legacy@example.com' }, '/api/crm/automations/events')
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  assert.equal(answer.headers.get('deprecation'), 'true')
  assert.equal(answer.headers.get('link'), '</api/saas/workflows/trigger>; rel="successor-version"')
  const event = await finishedEvent(server, clinic, answer.body.data.eventLogId)
  assert.equal(event.source, 'legacy')
  assert.equal(event.trigger, 'form_submitted')
})

test('an immediate action is done promptly after the trigger answers (the figure is in bench/)', async () => {
  const { server, clinic } = env
  await createRule(server, clinic, { name: 'Quick tag', trigger: 'deal_won', actions: [{ type: 'add_tag', config: { tag: 'won' } }] })
  const phone = uniquePhone()
  const answer = await trigger(server, clinic, { trigger: 'deal_won', phone, createLeadIfMissing: true })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  // Generous: a job woken by LISTEN/NOTIFY, not the 30 s polling fallback.
  const run = await waitFor(
    'the add_tag run',
    async () => (await actionRuns(server, clinic, answer.body.data.eventLogId)).find((item) => item.status === 'ok'),
    5_000,
  )
  assert.equal(run.type, 'add_tag')
})

test('an action that throws is recorded failed with a safe reason, the others still run, the event is partial', async () => {
  const { server, clinic } = env
  // A rule stored before its action type was retired: the engine has no executor for it, and the API refuses it, so it is inserted.
  await tenantDb(server, clinic)
    .insertInto('automation_rules')
    .values({
      name: 'Old rule',
      trigger: 'deal_lost',
      trigger_config: '{}',
      actions: JSON.stringify([
        { type: 'retired_action', config: {} },
        { type: 'add_tag', config: { tag: 'lost' } },
      ]),
    })
    .execute()
  // Written behind the API's back, so the nodes' caches are told as the rule routes tell them.
  await server.platform.cache.invalidate(server.platform.db, [tenantScope(clinic.clientCode)])
  const answer = await trigger(server, clinic, { trigger: 'deal_lost', phone: uniquePhone(), createLeadIfMissing: true })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const event = await finishedEvent(server, clinic, answer.body.data.eventLogId)
  assert.equal(event.status, 'partial')
  assert.deepEqual(
    event.runs.map((run) => [run.type, run.status, run.reason]),
    [
      ['retired_action', 'failed', 'The action failed unexpectedly (see the server log)'],
      ['add_tag', 'ok', null],
    ],
  )
  assert.deepEqual((await lead(server, clinic, answer.body.data.leadId)).tags, ['lost'])
})
