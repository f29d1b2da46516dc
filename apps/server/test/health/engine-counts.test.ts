import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRule, tagRule } from '../automations/rule-data'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

const env = useTestServer({ tenants: { clinic: 'Counting Clinic', other: 'Idle Clinic' } })

const clientHealth = async (tenant = env.clinic) => {
  const result = await request(env.server, 'GET', '/api/saas/health/client', { headers: tenant.headers })
  assert.equal(result.status, 200, JSON.stringify(result.body))
  return result.body.data as { activeAutomations: number; queueDepth: number }
}
const fire = (json: Record<string, unknown>) =>
  request(env.server, 'POST', '/api/saas/workflows/trigger', { headers: env.clinic.headers, json: { trigger: 'appointment_confirmed', ...json } })

test('activeAutomations follows rules created, toggled and deleted through the API', async () => {
  const { server, clinic } = env
  const first = await createRule(server, clinic, tagRule())
  await createRule(server, clinic, tagRule({ name: 'Second', trigger: 'form_submitted' }))
  await createRule(server, clinic, tagRule({ name: 'Disabled', isActive: false }))
  assert.equal((await clientHealth()).activeAutomations, 2)

  const toggled = await request(server, 'PATCH', `/api/crm/automations/${first.id}/toggle`, { headers: clinic.headers })
  assert.equal(toggled.status, 200, JSON.stringify(toggled.body))
  assert.equal((await clientHealth()).activeAutomations, 1)
  assert.equal((await clientHealth(env.other)).activeAutomations, 0)

  const deleted = await request(server, 'DELETE', `/api/crm/automations/${first.id}`, { headers: clinic.headers })
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body))
  assert.equal((await clientHealth()).activeAutomations, 1)
})

test('queueDepth counts delayed runs and delayed actions waiting in the queue, not finished ones', async () => {
  const { server, clinic } = env
  await createRule(server, clinic, {
    name: 'Follow up tomorrow',
    trigger: 'appointment_confirmed',
    actions: [
      { type: 'add_tag', config: { tag: 'now' } },
      { type: 'add_tag', delayMinutes: 1440, config: { tag: 'tomorrow' } },
    ],
  })
  const before = (await clientHealth()).queueDepth

  const immediate = await fire({ phone: '+919844444441', createLeadIfMissing: true })
  assert.equal(immediate.status, 200, JSON.stringify(immediate.body))
  // The event's own job and the CRM-event consumers it woke finish; the action put off by a day stays queued.
  const db = tenantDb(server, clinic)
  await waitFor('the immediate action done and the delayed one queued', async () => {
    const runs = await db.selectFrom('action_runs').select(['status', 'job_id']).where('event_log_id', '=', immediate.body.data.eventLogId).orderBy('position').execute()
    return runs[0]?.status === 'ok' && runs[1]?.status === 'scheduled' && runs[1].job_id !== null
  })
  await waitFor('the CRM events to be consumed', async () => {
    const unconsumed = await db.selectFrom('crm_events').select('id').where('consumed_at', 'is', null).execute()
    return unconsumed.length === 0
  })
  await waitFor('the immediate run to finish', async () => (await clientHealth()).queueDepth === before + 1)

  // No lead to create, so no lead_created event briefly queues a job of its own.
  const delayed = await fire({ email: 'later@example.com', delayMinutes: 60 })
  assert.equal(delayed.status, 200, JSON.stringify(delayed.body))
  assert.equal(delayed.body.data.scheduled, true)
  assert.equal((await clientHealth()).queueDepth, before + 2)
  assert.equal((await clientHealth(env.other)).queueDepth, 0)
})
