// Work the API accepted is finished even when its job ended without moving it on (a worker that lost
// its database under overload): the minute sweep resumes the event, and nothing runs twice.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import pino from 'pino'
import { sweepSystemTriggersJob } from '../../src/areas/automation/outbox/sweep-system-triggers.job'
import { startServer } from '../../src/server'
import { createRule } from '../automations/rule-data'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { eventLog, finishedEvent, trigger } from './workflow-data'

// An API node only: nothing runs the trigger's job until the test says so.
const env = useTestServer({ tenants: { tenant: 'Stalled Clinic' }, config: { role: 'api' } })
const silent = { logger: pino({ level: 'silent' }) }

const tagActivities = (leadId: string) =>
  tenantDb(env.server, env.tenant).selectFrom('activities').select('id').where('lead_id', '=', leadId).where('type', '=', 'tag_added').execute()

/** As the sweep sees an event whose job ended minutes ago (created_at is the database's; no request sets it). */
const ageEvent = (eventLogId: string) =>
  tenantDb(env.server, env.tenant)
    .updateTable('event_logs')
    .set({ created_at: new Date(Date.now() - 5 * 60_000) } as never)
    .where('id', '=', eventLogId)
    .execute()

test('an event whose job failed before running anything gets a new job from the sweep: its action runs once and it completes', async () => {
  await createRule(env.server, env.tenant, { name: 'Tag web leads', trigger: 'form_submitted', actions: [{ type: 'add_tag', config: { tag: 'web' } }] })
  const fired = await trigger(env.server, env.tenant, { trigger: 'form_submitted', phone: '+919811122244', createLeadIfMissing: true })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const { eventLogId, jobId, leadId } = fired.body.data
  // What a worker whose pool timed out before it claimed a run leaves: the job failed, the event
  // processing, its run pending. No request can make a worker fail so, so the jobs table is set so.
  await sql`
    update agenda_jobs set next_run_at = null, failed_at = now(), last_finished_at = now(), fail_count = 1,
      fail_reason = 'timeout exceeded when trying to connect'
    where id = ${jobId}::uuid`.execute(env.server.platform.db)
  await ageEvent(eventLogId)

  await sweepSystemTriggersJob.run(env.server.platform, {})
  const resumed = await eventLog(env.server, env.tenant, eventLogId)
  assert.ok(resumed?.job_id && resumed.job_id !== jobId, 'the event has a new job')
  const worker = await startServer({ ...env.server.config, role: 'worker' }, silent)
  try {
    const event = await finishedEvent(env.server, env.tenant, eventLogId)
    assert.equal(event.status, 'completed')
    assert.deepEqual(
      event.runs.map((run) => [run.type, run.status, run.attempts]),
      [['add_tag', 'ok', 1]],
    )
    assert.equal((await tagActivities(leadId)).length, 1)

    // A second sweep finds nothing to resume.
    await sweepSystemTriggersJob.run(env.server.platform, {})
    assert.equal((await eventLog(env.server, env.tenant, eventLogId))?.job_id, resumed.job_id)
  } finally {
    await worker.stop()
  }
})

test('an event left processing after its last run (its finish lost) is finished by the sweep, once', async () => {
  await createRule(env.server, env.tenant, { name: 'Tag referrals', trigger: 'referral_received', actions: [{ type: 'add_tag', config: { tag: 'referral' } }] })
  const fired = await trigger(env.server, env.tenant, { trigger: 'referral_received', phone: '+919811122255', createLeadIfMissing: true })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const { eventLogId, leadId } = fired.body.data
  const worker = await startServer({ ...env.server.config, role: 'worker' }, silent)
  try {
    await finishedEvent(env.server, env.tenant, eventLogId)
    await waitFor('the run job to complete', async () => {
      const job = await env.server.platform.jobs.status(fired.body.data.jobId)
      return job?.status === 'completed'
    })
  } finally {
    await worker.stop()
  }
  // As a worker that stored the run's outcome and lost its connection before the finish leaves it.
  await tenantDb(env.server, env.tenant).updateTable('event_logs').set({ status: 'processing', completed_at: null }).where('id', '=', eventLogId).execute()
  await ageEvent(eventLogId)

  await sweepSystemTriggersJob.run(env.server.platform, {})
  const event = await eventLog(env.server, env.tenant, eventLogId)
  assert.equal(event?.status, 'completed')
  assert.equal(event?.job_id, fired.body.data.jobId, 'finished without a new job')
  assert.equal((await tagActivities(leadId)).length, 1, 'its action did not run again')
})
