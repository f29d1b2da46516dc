import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, test } from 'node:test'
import type { z } from 'zod'
import { INTERRUPTED_REASON, sweepSystemTriggersJob } from '../../src/areas/automation/outbox/sweep-system-triggers.job'
import type { JobKind } from '../../src/platform/jobs/define-job'
import { runActionJob, runEventJob } from '../../src/areas/automation/runs/event-jobs'
import { createRule } from '../automations/rule-data'
import { type CallbackReceiver, startCallbackReceiver } from '../helpers/callback-receiver'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { actionRuns, bringJobForward, finishedEvent, trigger, useSandboxWhatsapp } from './workflow-data'

const env = useTestServer({
  tenants: { tenant: 'Redelivery Clinic' },
  seed: async () => {
    await useSandboxWhatsapp(env.server, env.tenant)
  },
})
let receiver: CallbackReceiver
before(async () => {
  receiver = await startCallbackReceiver()
})
after(() => receiver.close())

const uniquePhone = () => `9166${String(randomInt(10_000_000, 99_999_999))}`

/** Queues another delivery of a job, as a scheduler redelivering it would; returns its id. */
function redeliver<Data extends z.ZodType>(job: JobKind<Data>, data: z.input<Data>): Promise<string> {
  return env.server.platform.jobs.enqueue(job, data)
}

async function jobsDone(jobIds: string[]) {
  await waitFor('every delivery to finish', async () => {
    for (const jobId of jobIds) {
      const status = await request(env.server, 'GET', `/api/saas/jobs/status/${jobId}`, { headers: env.tenant.headers })
      if (status.body.data?.status !== 'completed') return false
    }
    return true
  })
}

const tagActivities = (leadId: string, tag: string) =>
  tenantDb(env.server, env.tenant)
    .selectFrom('activities')
    .select('id')
    .where('lead_id', '=', leadId)
    .where('title', '=', `Tag added: ${tag}`)
    .execute()

test('the same event job delivered four times at once runs each action once and finishes once', async () => {
  await createRule(env.server, env.tenant, {
    name: 'Paid',
    trigger: 'payment_captured',
    actions: [
      { type: 'add_tag', config: { tag: 'paid' } },
      { type: 'send_whatsapp', config: { templateName: 'receipt' } },
    ],
  })
  const answer = await trigger(env.server, env.tenant, {
    trigger: 'payment_captured',
    phone: uniquePhone(),
    variables: { amount: '1500' },
    createLeadIfMissing: true,
    delayMinutes: 10,
    callbackUrl: receiver.url,
  })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const { eventLogId, jobId, leadId } = answer.body.data
  const data = { clientCode: env.tenant.clientCode, eventLogId }
  const copies = await Promise.all([redeliver(runEventJob, data), redeliver(runEventJob, data), redeliver(runEventJob, data)])
  await bringJobForward(env.server, jobId)
  await jobsDone([jobId, ...copies])

  const event = await finishedEvent(env.server, env.tenant, eventLogId)
  assert.equal(event.status, 'completed')
  assert.equal(event.rules_matched, 1)
  assert.deepEqual(
    event.runs.map((run) => [run.type, run.status, run.attempts]),
    [
      ['add_tag', 'ok', 1],
      ['send_whatsapp', 'ok', 1],
    ],
  )
  assert.equal((await tagActivities(leadId, 'paid')).length, 1)
  const deliveries = await tenantDb(env.server, env.tenant)
    .selectFrom('callback_deliveries')
    .selectAll()
    .where('event_log_id', '=', eventLogId)
    .execute()
  assert.equal(deliveries.length, 1, 'one callback for the event')
  await waitFor('the callback', async () => receiver.received.some((item) => item.rawBody.includes(eventLogId)))

  // A delivery after the event finished does nothing either.
  await jobsDone([await redeliver(runEventJob, data)])
  assert.deepEqual(await actionRuns(env.server, env.tenant, eventLogId), event.runs)
  assert.equal(receiver.received.filter((item) => item.rawBody.includes(eventLogId)).length, 1)
})

test('a delayed action delivered twice runs once', async () => {
  await createRule(env.server, env.tenant, {
    name: 'Later',
    trigger: 'product_purchased',
    actions: [{ type: 'add_tag', delayMinutes: 5, config: { tag: 'reviewed' } }],
  })
  const answer = await trigger(env.server, env.tenant, { trigger: 'product_purchased', phone: uniquePhone(), createLeadIfMissing: true })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const { eventLogId, leadId } = answer.body.data
  const [run] = await waitFor('the delayed run to be scheduled', async () => {
    const runs = await actionRuns(env.server, env.tenant, eventLogId)
    return runs[0]?.status === 'scheduled' && runs
  })
  const copy = await redeliver(runActionJob, { clientCode: env.tenant.clientCode, eventLogId, actionRunId: run!.id })
  await bringJobForward(env.server, run!.job_id!)
  await jobsDone([run!.job_id!, copy])
  const event = await finishedEvent(env.server, env.tenant, eventLogId)
  assert.deepEqual(
    event.runs.map((item) => [item.status, item.attempts]),
    [['ok', 1]],
  )
  assert.equal((await tagActivities(leadId, 'reviewed')).length, 1)
})

test('a run whose worker died mid-action is failed by the sweep, not run again, and its event finishes with its callback', async () => {
  await createRule(env.server, env.tenant, { name: 'Interrupted', trigger: 'service_enrolled', actions: [{ type: 'add_tag', delayMinutes: 30, config: { tag: 'enrolled' } }] })
  const answer = await trigger(env.server, env.tenant, { trigger: 'service_enrolled', phone: uniquePhone(), createLeadIfMissing: true, callbackUrl: receiver.url })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const { eventLogId, leadId } = answer.body.data
  const db = tenantDb(env.server, env.tenant)
  const [run] = await waitFor('the delayed run to be scheduled', async () => {
    const runs = await actionRuns(env.server, env.tenant, eventLogId)
    return runs[0]?.status === 'scheduled' && runs
  })
  // As a worker that claimed the run 20 minutes ago and then died would leave it.
  await db.updateTable('action_runs').set({ status: 'running', attempts: 1, started_at: new Date(Date.now() - 20 * 60_000) }).where('id', '=', run!.id).execute()

  await sweepSystemTriggersJob.run(env.server.platform, {})
  const event = await finishedEvent(env.server, env.tenant, eventLogId)
  assert.equal(event.status, 'failed')
  assert.deepEqual(
    event.runs.map((item) => [item.status, item.reason, item.attempts]),
    [['failed', INTERRUPTED_REASON, 1]],
  )
  await waitFor('the callback', async () => receiver.received.some((item) => item.rawBody.includes(eventLogId)))

  // Its own job, when it comes, finds nothing to run.
  await bringJobForward(env.server, run!.job_id!)
  await jobsDone([run!.job_id!])
  assert.equal((await tagActivities(leadId, 'enrolled')).length, 0)
})
