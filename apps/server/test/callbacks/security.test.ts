import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { finishedEventWithCallback, seedVerdict, settledDelivery, startReceiver } from './callback-fixtures'

const env = useTestServer({ tenants: { clinic: 'Clinic', other: 'Other Clinic' } })

test("a tenant's callback logs hold only its own attempts, each signed with its own secret", async (t) => {
  const receiver = await startReceiver(t)
  const { event } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(seedVerdict(env.clinic.webhookSecret, receiver.received[0]!), 200)

  const own = await request(env.server, 'GET', '/api/saas/callbacks/logs', { headers: env.clinic.headers })
  assert.equal(own.body.total, 1)
  for (const query of ['', '?status=delivered', '?status=failed', '?status=pending', '?limit=100']) {
    const theirs = await request(env.server, 'GET', `/api/saas/callbacks/logs${query}`, { headers: env.other.headers })
    assert.equal(theirs.status, 200)
    assert.deepEqual(theirs.body.data, [], query)
    assert.equal(theirs.body.total, 0)
  }

  const otherReceiver = await startReceiver(t)
  const otherEvent = await finishedEventWithCallback(env.server, env.other, otherReceiver.url)
  await settledDelivery(env.server, env.other, otherEvent.event.id)
  const verdict = seedVerdict(env.clinic.webhookSecret, otherReceiver.received[0]!)
  assert.equal(verdict, 401, "another tenant's callback does not verify with this tenant's secret")
})
