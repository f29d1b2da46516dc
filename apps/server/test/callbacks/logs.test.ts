import assert from 'node:assert/strict'
import { test } from 'node:test'
import { answer } from '../helpers/callback-receiver'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { attempts, finishedEventWithCallback, settledDelivery, startReceiver } from './callback-fixtures'

// One retry, a minute away: a failed first attempt leaves its delivery pending for the whole file.
const env = useTestServer({ tenants: { clinic: 'Logs Clinic' }, config: { callbackRetryScheduleMs: [60_000] } })

const logs = (query: string) => request(env.server, 'GET', `/api/saas/callbacks/logs?${query}`, { headers: env.clinic.headers })
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)

test('status, dates and pages filter the attempts', async (t) => {
  const ok = await startReceiver(t)
  const broken = await startReceiver(t, answer(500))
  const delivered = await finishedEventWithCallback(env.server, env.clinic, ok.url)
  await settledDelivery(env.server, env.clinic, delivered.event.id)
  const retrying = await finishedEventWithCallback(env.server, env.clinic, broken.url)
  const retryingId = retrying.enqueued?.deliveryId ?? ''
  await waitFor('the first failed attempt', async () => (await attempts(env.server, env.clinic, retryingId)).length === 1)

  const all = await logs('')
  assert.equal(all.status, 200)
  assert.equal(all.body.total, 2)
  assert.deepEqual(all.body.data.map((item: { deliveryId: string }) => item.deliveryId), [retryingId, delivered.enqueued?.deliveryId])

  const failed = await logs('status=failed')
  assert.deepEqual(failed.body.data.map((item: { deliveryId: string }) => item.deliveryId), [retryingId])
  const [attempt] = failed.body.data
  assert.equal(attempt.statusCode, 500)
  assert.equal(attempt.error, 'receiver answered 500')
  assert.equal(attempt.deliveryStatus, 'pending')
  const due = Date.parse(attempt.nextAttemptAt) - Date.parse(attempt.createdAt)
  assert.ok(due > 50_000 && due < 70_000, `the retry is due a minute later (${due} ms)`)

  assert.deepEqual((await logs('status=pending')).body.data.map((item: { deliveryId: string }) => item.deliveryId), [retryingId])
  assert.deepEqual(
    (await logs('status=delivered')).body.data.map((item: { deliveryId: string }) => item.deliveryId),
    [delivered.enqueued?.deliveryId],
  )

  assert.equal((await logs(`startDate=${day(0)}&endDate=${day(0)}`)).body.total, 2, 'a date-only endDate covers its whole day')
  assert.equal((await logs(`startDate=${day(1)}`)).body.total, 0)
  assert.equal((await logs(`endDate=${day(-1)}`)).body.total, 0)
  const created = attempt.createdAt as string
  assert.deepEqual(
    (await logs(`startDate=${created}&endDate=${created}`)).body.data.map((item: { id: string }) => item.id),
    [attempt.id],
    'date-times bound the range to the instant, both ends included',
  )

  const page2 = await logs('limit=1&page=2')
  assert.equal(page2.status, 200)
  assert.deepEqual(
    { total: page2.body.total, page: page2.body.page, limit: page2.body.limit, totalPages: page2.body.totalPages },
    { total: 2, page: 2, limit: 1, totalPages: 2 },
  )
  assert.equal(page2.body.data[0].deliveryId, delivered.enqueued?.deliveryId)
  assert.deepEqual((await logs('limit=1&page=3')).body.data, [])
})
