import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { verifyWebhook } from '@ecodrix/sdk/webhooks'
import { deliverCallbackJob } from '../../src/areas/automation/callbacks/deliver-callback.job'
import { answer } from '../helpers/callback-receiver'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { attempts, finishedEventWithCallback, seedVerdict, settledDelivery, startReceiver } from './callback-fixtures'

// Retries after 200, 400 and 800 ms (testConfig); an attempt without an answer gives up after 1 s.
const TIMEOUT_MS = 1_000
const env = useTestServer({ tenants: { clinic: 'Retry Clinic' }, config: { callbackTimeoutMs: TIMEOUT_MS } })

test('a failing receiver is retried on the schedule (500, no answer, then 200) with the same webhook-id and body', async (t) => {
  const receiver = await startReceiver(t, (response, nth) => {
    if (nth === 1) answer(500)(response)
    else if (nth === 3) answer(204)(response)
    // the second request is never answered
  })
  const { event, enqueued } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const settled = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(settled.status, 'delivered')
  assert.equal(settled.attempts, 3)

  assert.equal(receiver.received.length, 3)
  for (const callback of receiver.received) {
    assert.equal(callback.headers['webhook-id'], enqueued?.deliveryId)
    assert.equal(callback.rawBody, settled.body)
    assert.equal(seedVerdict(env.clinic.webhookSecret, callback), 200)
    await verifyWebhook({ rawBody: callback.rawBody, headers: callback.headers, secret: env.clinic.webhookSecret })
  }

  const rows = await attempts(env.server, env.clinic, settled.id)
  assert.deepEqual(
    rows.map((row) => [row.attempt, row.status, row.status_code]),
    [[1, 'failed', 500], [2, 'failed', null], [3, 'delivered', 204]],
  )
  assert.equal(rows[0]?.error, 'receiver answered 500')
  assert.match(rows[1]?.error ?? '', /no answer within 1000 ms/)
  assert.ok((rows[1]?.duration_ms ?? 0) >= TIMEOUT_MS - 50, 'the unanswered attempt lasted its timeout')
  const gap = (rows[2]?.created_at.getTime() ?? 0) - (rows[1]?.created_at.getTime() ?? 0)
  assert.ok(gap >= 400 - 50, `the third attempt waited the second delay (${gap} ms)`)

  const logs = await request(env.server, 'GET', '/api/saas/callbacks/logs?status=failed', { headers: env.clinic.headers })
  const mine = logs.body.data.filter((item: { deliveryId: string }) => item.deliveryId === settled.id)
  assert.deepEqual(mine.map((item: { attempt: number }) => item.attempt), [2, 1])
})

test('a receiver that never succeeds: schedule length + 1 attempts, then the delivery fails', async (t) => {
  const receiver = await startReceiver(t, answer(503))
  const { event } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const settled = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(settled.status, 'failed')
  assert.ok(settled.finished_at)
  assert.equal(settled.next_attempt_at, null)
  const rows = await attempts(env.server, env.clinic, settled.id)
  assert.deepEqual(rows.map((row) => [row.attempt, row.status, row.status_code]), [1, 2, 3, 4].map((n) => [n, 'failed', 503]))
  assert.equal(receiver.received.length, 4)
  const { rows: queued } = await sql<{ count: number }>`
    select count(*)::int as count from agenda_jobs
    where name = 'callbacks.deliver' and data->>'deliveryId' = ${settled.id} and next_run_at is not null`.execute(env.server.platform.db)
  assert.equal(queued[0]?.count, 0, 'no further attempt is queued')
})

test('a redirect is a failure and is not followed', async (t) => {
  const target = await startReceiver(t)
  const receiver = await startReceiver(t, answer(307, { location: target.url }))
  const { event } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const settled = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(settled.status, 'failed')
  const [first] = await attempts(env.server, env.clinic, settled.id)
  assert.equal(first?.status_code, 307)
  assert.equal(first?.error, `receiver answered 307 (redirect to ${target.url} not followed)`)
  assert.equal(target.received.length, 0)
})

test('a receiver that refuses connections is a failed attempt with the reason', async (t) => {
  const receiver = await startReceiver(t)
  const closedPort = new URL(receiver.url)
  closedPort.port = '1'
  const { event } = await finishedEventWithCallback(env.server, env.clinic, closedPort.toString())
  const settled = await settledDelivery(env.server, env.clinic, event.id)
  const [first] = await attempts(env.server, env.clinic, settled.id)
  assert.equal(first?.status_code, null)
  assert.match(first?.error ?? '', /ECONNREFUSED/)
})

test('a job delivered twice makes its attempt once', async (t) => {
  const receiver = await startReceiver(t)
  const { event, enqueued } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const data = { clientCode: env.clinic.clientCode, eventLogId: event.id, deliveryId: enqueued!.deliveryId, attempt: 1 }
  await Promise.all([env.server.platform.jobs.enqueue(deliverCallbackJob, data), env.server.platform.jobs.enqueue(deliverCallbackJob, data)])
  const settled = await settledDelivery(env.server, env.clinic, event.id)
  // Give the duplicates time to run: they must find nothing to claim.
  await new Promise((resolve) => setTimeout(resolve, 500))
  assert.equal(settled.status, 'delivered')
  assert.equal(receiver.received.length, 1)
  assert.equal((await attempts(env.server, env.clinic, settled.id)).length, 1)
})
