import assert from 'node:assert/strict'
import { test } from 'node:test'
import { verifyWebhook } from '@ecodrix/sdk/webhooks'
import { answer } from '../helpers/callback-receiver'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { attempts, delivery, finishedEventWithCallback, settledDelivery, startReceiver } from './callback-fixtures'

// No retries: a delivery whose first attempt fails is failed at once.
const env = useTestServer({ tenants: { clinic: 'Resend Clinic', other: 'Other Clinic' }, config: { callbackRetryScheduleMs: [] } })

const resend = (deliveryId: string, headers = env.clinic.headers) =>
  request(env.server, 'POST', `/api/saas/callbacks/${deliveryId}/resend`, { headers })

test('a delivered callback is sent again: same webhook-id and body, a new attempt, freshly signed', async (t) => {
  const receiver = await startReceiver(t)
  const { event } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const first = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(first.status, 'delivered')

  const response = await resend(first.id)
  assert.equal(response.status, 202, JSON.stringify(response.body))
  assert.deepEqual({ ...response.body.data, jobId: undefined }, { deliveryId: first.id, eventLogId: event.id, attempt: 2, jobId: undefined })
  assert.equal(typeof response.body.data.jobId, 'string')

  await waitFor('the resent attempt', () => receiver.received.length === 2, 30_000)
  const again = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(again.status, 'delivered')
  assert.equal(again.attempts, 2)
  const [, resent] = receiver.received
  assert.equal(resent?.headers['webhook-id'], first.id)
  assert.equal(resent?.rawBody, first.body)
  await verifyWebhook({ rawBody: resent!.rawBody, headers: resent!.headers, secret: env.clinic.webhookSecret })
  assert.deepEqual((await attempts(env.server, env.clinic, first.id)).map((row) => [row.attempt, row.status]), [[1, 'delivered'], [2, 'delivered']])
})

test('a failed callback resent to a receiver that now answers is delivered', async (t) => {
  const receiver = await startReceiver(t, (response, nth) => answer(nth === 1 ? 500 : 200)(response))
  const { event } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const failed = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(failed.status, 'failed')
  assert.equal((await resend(failed.id)).status, 202)
  await waitFor('the resent delivery', async () => (await delivery(env.server, env.clinic, event.id))?.status === 'delivered', 30_000)
  assert.equal(receiver.received.length, 2)
})

test('resend refuses unknown, malformed and other tenants\' deliveries (404), and one already pending again (409)', async (t) => {
  expectRefused(await resend('3d1f2c4b-9a8e-4f7d-8c6b-5a4e3d2c1b0a'), 404, 'CALLBACK_NOT_FOUND')
  expectRefused(await resend('not-a-uuid'), 404, 'CALLBACK_NOT_FOUND')

  const receiver = await startReceiver(t)
  const { event } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const settled = await settledDelivery(env.server, env.clinic, event.id)
  expectRefused(await resend(settled.id, env.other.headers), 404, 'CALLBACK_NOT_FOUND')
  expectRefused(await resend(settled.id, {}), 401, 'UNAUTHORIZED')

  const [first, second] = await Promise.all([resend(settled.id), resend(settled.id)])
  assert.deepEqual([first.status, second.status].sort(), [202, 409], 'two resends at once queue one attempt')
  expectRefused(first.status === 409 ? first : second, 409, 'CONFLICT')
})
