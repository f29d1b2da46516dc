// A tenant moved to its own database: its event log is there and the job queue is not, so the
// event's job is enqueued after the event commits (platform-database tenants get it in the same statement).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRule } from '../automations/rule-data'
import { request } from '../helpers/http'
import { moveToOwnDatabase } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { trigger } from './workflow-data'

const env = useTestServer({
  tenants: { ownDb: 'Own Database Clinic' },
  seed: async () => {
    const { moved } = await moveToOwnDatabase(env.server, env.ownDb.clientCode)
    assert.equal(moved.status, 200, JSON.stringify(moved.body))
  },
})

test('a tenant on its own database: the trigger runs its rules, the job is stored on the event and completes', async () => {
  await createRule(env.server, env.ownDb, { name: 'Tag web leads', trigger: 'form_submitted', actions: [{ type: 'add_tag', config: { tag: 'web' } }] })
  const fired = await trigger(env.server, env.ownDb, {
    trigger: 'form_submitted',
    phone: '+919811122233',
    createLeadIfMissing: true,
    leadData: { firstName: 'Asha' },
  })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const { eventLogId, jobId, rulesMatched } = fired.body.data
  assert.equal(rulesMatched, 1)
  assert.equal(typeof jobId, 'string')

  const detail = await waitFor('the event to complete', async () => {
    const got = await request(env.server, 'GET', `/api/saas/events/logs/${eventLogId}`, { headers: env.ownDb.headers })
    return got.body.data?.status === 'completed' && got.body.data
  })
  assert.equal(detail.jobId, jobId)
  assert.deepEqual(
    detail.actions.map((run: { type: string; status: string }) => [run.type, run.status]),
    [['add_tag', 'ok']],
  )
  // The event finishes inside its job; the job itself completes once that work has returned.
  await waitFor('the job to complete', async () => {
    const job = await request(env.server, 'GET', `/api/saas/jobs/status/${jobId}`, { headers: env.ownDb.headers })
    return job.body.data?.status === 'completed'
  })
})
