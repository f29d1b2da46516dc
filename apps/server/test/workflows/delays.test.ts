import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, test } from 'node:test'
import pg from 'pg'
import pino from 'pino'
import { startServer } from '../../src/server'
import { createRule } from '../automations/rule-data'
import { request } from '../helpers/http'
import { createTenant, type TestTenant, tenantDb } from '../helpers/tenants'
import { startTestServer, type TestServer } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'
import { actionRuns, bringJobForward, eventLog, finishedEvent, lead, trigger } from './workflow-data'

// Its own server, not useTestServer: a test stops it and starts another node on its database.
let server: TestServer
let tenant: TestTenant
const running: TestServer[] = []
before(async () => {
  server = await startTestServer()
  running.push(server)
  tenant = await createTenant(server, 'Patient Clinic')
})
after(async () => {
  for (const node of running) await node.stop()
})

const uniquePhone = () => `9177${String(randomInt(10_000_000, 99_999_999))}`
const minutesFromNow = (date: string | Date, minutes: number) => Math.abs(new Date(date).getTime() - (Date.now() + minutes * 60_000)) < 60_000
const jobStatus = (node: TestServer, jobId: string) => request(node, 'GET', `/api/saas/jobs/status/${jobId}`, { headers: tenant.headers })

test('delayMinutes on the trigger puts the whole run off: scheduled, matched and run when its time comes', async () => {
  await createRule(server, tenant, { name: 'Remind', trigger: 'appointment_reminder', actions: [{ type: 'add_tag', config: { tag: 'reminded' } }] })
  const answer = await trigger(server, tenant, { trigger: 'appointment_reminder', phone: uniquePhone(), createLeadIfMissing: true, delayMinutes: 30 })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const { eventLogId, jobId, leadId } = answer.body.data
  assert.equal(answer.body.data.scheduled, true)
  assert.equal(answer.body.data.rulesMatched, 0, 'matching waits for the run')

  const scheduled = await eventLog(server, tenant, eventLogId)
  assert.equal(scheduled?.status, 'scheduled')
  assert.ok(minutesFromNow(scheduled!.run_at, 30))
  assert.deepEqual(await actionRuns(server, tenant, eventLogId), [])
  const queued = await jobStatus(server, jobId)
  assert.equal(queued.status, 200, JSON.stringify(queued.body))
  assert.equal(queued.body.data.status, 'queued')
  assert.equal(queued.body.data.attempts, 0)
  assert.equal(queued.body.data.eventLogId, eventLogId)
  assert.ok(minutesFromNow(queued.body.data.scheduledFor, 30))

  await bringJobForward(server, jobId)
  const event = await finishedEvent(server, tenant, eventLogId)
  assert.equal(event.status, 'completed')
  assert.equal(event.rules_matched, 1)
  assert.deepEqual(
    event.runs.map((run) => [run.type, run.status, run.attempts]),
    [['add_tag', 'ok', 1]],
  )
  assert.deepEqual((await lead(server, tenant, leadId)).tags, ['reminded'])
  const done = await waitFor('the job to be completed', async () => {
    const status = await jobStatus(server, jobId)
    return status.body.data.status === 'completed' && status.body.data
  })
  assert.equal(done.attempts, 1)
  assert.equal(done.scheduledFor, null)
  assert.ok(done.lastRunAt && done.finishedAt)
})

test('a delayed action survives a server restart and runs once', async () => {
  await createRule(server, tenant, {
    name: 'Book and follow up',
    trigger: 'service_enrolled',
    actions: [
      { type: 'add_tag', config: { tag: 'enrolled' } },
      { type: 'add_tag', delayMinutes: 60, config: { tag: 'follow-up' } },
    ],
  })
  const answer = await trigger(server, tenant, { trigger: 'service_enrolled', phone: uniquePhone(), createLeadIfMissing: true })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const { eventLogId, leadId } = answer.body.data
  const [now, later] = await waitFor('the immediate run done and the delayed one scheduled', async () => {
    const runs = await actionRuns(server, tenant, eventLogId)
    return runs[0]?.status === 'ok' && runs[1]?.status === 'scheduled' && runs
  })
  assert.equal(now!.attempts, 1)
  assert.ok(minutesFromNow(later!.run_at, 60))
  assert.match(later!.job_id ?? '', /^[0-9a-f-]{36}$/)
  assert.equal((await eventLog(server, tenant, eventLogId))?.status, 'processing')

  await server.stop()
  running.splice(running.indexOf(server), 1)
  // While no node runs, the hour passes: the delayed action's job becomes due.
  const client = new pg.Client({ connectionString: server.config.databaseUrl })
  await client.connect()
  try {
    const moved = await client.query(`update agenda_jobs set next_run_at = now() where id = $1 and next_run_at > now()`, [later!.job_id])
    assert.equal(moved.rowCount, 1, 'the delayed job was still waiting in the database')
  } finally {
    await client.end()
  }

  const restarted = await startServer(server.config, { logger: pino({ level: 'silent' }) })
  const node = { ...restarted, url: restarted.url!, config: server.config }
  running.push(node)
  const event = await finishedEvent(node, tenant, eventLogId)
  assert.equal(event.status, 'completed')
  assert.deepEqual(
    event.runs.map((run) => [run.result?.tag, run.status, run.attempts]),
    [
      ['enrolled', 'ok', 1],
      ['follow-up', 'ok', 1],
    ],
  )
  assert.deepEqual((await lead(node, tenant, leadId)).tags, ['enrolled', 'follow-up'])
  const followUps = await tenantDb(node, tenant)
    .selectFrom('activities')
    .select('id')
    .where('lead_id', '=', leadId)
    .where('type', '=', 'tag_added')
    .where('title', 'like', '%follow-up')
    .execute()
  assert.equal(followUps.length, 1, 'the tag was added once')
})
