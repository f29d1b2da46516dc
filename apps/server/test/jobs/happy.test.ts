import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { http, HttpResponse } from 'msw'
import { runEventJob } from '../../src/areas/automation/runs/event-jobs'
import { purgeFinishedJobsJob } from '../../src/platform/jobs/purge-finished-jobs.job'
import { createRule } from '../automations/rule-data'
import { adminHeaders, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { bringJobForward, finishedEvent, trigger } from '../workflows/workflow-data'

// The Graph API answers only when the test lets it, so the event's job is seen while it runs.
let releaseGraph = () => {}
const graphAnswered = new Promise<void>((resolve) => (releaseGraph = resolve))
const graph = simulateThirdParties(
  http.post('https://graph.facebook.com/v21.0/:phoneNumberId/messages', async () => {
    await graphAnswered
    return HttpResponse.json({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.slow' }] })
  }),
)

before(() => graph.listen({ onUnhandledRequest: 'bypass' }))
// Registered before the server's stop, so stopping does not wait on a held Graph answer.
after(() => releaseGraph())
const env = useTestServer({
  tenants: { tenant: 'Jobs Clinic' },
  seed: async () => {
    const secrets = await request(env.server, 'POST', `/api/clients/${env.tenant.clientCode}/secrets`, {
      headers: adminHeaders(env.server),
      json: { whatsappToken: 'EAAG-live-token', whatsappPhoneNumberId: '109876543210987' },
    })
    assert.equal(secrets.status, 200)
  },
})
after(() => graph.close())

const status = async (jobId: string) => {
  const answer = await request(env.server, 'GET', `/api/saas/jobs/status/${jobId}`, { headers: env.tenant.headers })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  return answer.body.data
}

test("a trigger's job goes queued → processing → completed", async () => {
  await createRule(env.server, env.tenant, { name: 'Confirm', trigger: 'appointment_confirmed', actions: [{ type: 'send_whatsapp', config: { templateName: 'confirm' } }] })
  const answer = await trigger(env.server, env.tenant, {
    trigger: 'appointment_confirmed',
    phone: '919811122233',
    createLeadIfMissing: true,
    delayMinutes: 5,
  })
  const { jobId, eventLogId } = answer.body.data
  const queued = await status(jobId)
  assert.deepEqual(
    { ...queued, scheduledFor: typeof queued.scheduledFor },
    { jobId, name: runEventJob.name, status: 'queued', attempts: 0, lastError: null, scheduledFor: 'string', lastRunAt: null, finishedAt: null, eventLogId },
  )

  await bringJobForward(env.server, jobId)
  // Locked by a worker first, then started (lastRunAt): both read as processing.
  const processing = await waitFor('the job to be processing', async () => {
    const current = await status(jobId)
    return current.status === 'processing' && current.lastRunAt && current
  })
  assert.equal(processing.attempts, 1)
  assert.equal(processing.finishedAt, null)

  releaseGraph()
  await finishedEvent(env.server, env.tenant, eventLogId)
  const completed = await waitFor('the job to be completed', async () => {
    const current = await status(jobId)
    return current.status === 'completed' && current
  })
  assert.equal(completed.attempts, 1)
  assert.equal(completed.scheduledFor, null)
  assert.equal(completed.lastError, null)
  assert.ok(completed.finishedAt)
})

test('a job that fails reports failed with its error', async () => {
  const jobId = await env.server.platform.jobs.enqueue(runEventJob, { clientCode: env.tenant.clientCode, eventLogId: randomUUID() })
  const failed = await waitFor('the job to fail', async () => {
    const current = await status(jobId)
    return current.status === 'failed' && current
  })
  assert.equal(failed.attempts, 1)
  assert.match(failed.lastError, /event log .* not found/)
  assert.ok(failed.finishedAt)
})

test('finished one-off jobs are purged once older than the retention; recent, waiting and repeating jobs stay', async () => {
  // A run-event job for no event fails at once: a finished (failed) one-off job.
  const finish = async () => {
    const jobId = await env.server.platform.jobs.enqueue(runEventJob, { clientCode: env.tenant.clientCode, eventLogId: randomUUID() })
    await waitFor('the job to finish', async () => (await status(jobId)).finishedAt)
    return jobId
  }
  const [old, recent] = [await finish(), await finish()]
  const waiting = await env.server.platform.jobs.enqueue(
    runEventJob,
    { clientCode: env.tenant.clientCode, eventLogId: randomUUID() },
    { at: new Date(Date.now() + 3_600_000) },
  )
  const jobs = env.server.platform.db.withoutPlugins()
  const retention = env.server.config.jobRetentionMs
  await sql`update agenda_jobs set last_finished_at = ${new Date(Date.now() - retention - 60_000)} where id = ${old}`.execute(jobs)
  const repeating = await sql<{ id: string }>`select id from agenda_jobs where repeat_interval is not null limit 1`.execute(jobs)
  assert.ok(repeating.rows[0], 'the server schedules repeating jobs')
  await sql`update agenda_jobs set last_finished_at = ${new Date(Date.now() - retention - 60_000)} where id = ${repeating.rows[0].id}`.execute(jobs)

  await purgeFinishedJobsJob.run(env.server.platform, {})

  const gone = await request(env.server, 'GET', `/api/saas/jobs/status/${old}`, { headers: env.tenant.headers })
  assert.equal(gone.status, 404)
  assert.equal((await status(recent)).status, 'failed')
  const left = await sql<{ id: string }>`select id from agenda_jobs where id in (${waiting}, ${repeating.rows[0].id})`.execute(jobs)
  assert.equal(left.rows.length, 2)
})
