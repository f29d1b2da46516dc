import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { request } from '../helpers/http'
import { createTenant, type TestTenant } from '../helpers/tenants'
import { startTestServer, type TestServer } from '../helpers/test-server'
import { finishedEventWithCallback, settledDelivery, startReceiver } from './callback-fixtures'

let server: TestServer
let clinic: TestTenant
let other: TestTenant
before(async () => {
  server = await startTestServer()
  ;[clinic, other] = await Promise.all([createTenant(server, 'Clinic'), createTenant(server, 'Other Clinic')])
})
after(() => server.stop())

test("a tenant's callback logs hold only its own attempts, each signed with its own secret", async (t) => {
  const receiver = await startReceiver(t, clinic.webhookSecret)
  const { event } = await finishedEventWithCallback(server, clinic, receiver.url)
  await settledDelivery(server, clinic, event.id)
  assert.equal(receiver.received[0]?.seedVerdict, 200)

  const own = await request(server, 'GET', '/api/saas/callbacks/logs', { headers: clinic.headers })
  assert.equal(own.body.total, 1)
  for (const query of ['', '?status=delivered', '?status=failed', '?status=pending', '?limit=100']) {
    const theirs = await request(server, 'GET', `/api/saas/callbacks/logs${query}`, { headers: other.headers })
    assert.equal(theirs.status, 200)
    assert.deepEqual(theirs.body.data, [], query)
    assert.equal(theirs.body.total, 0)
  }

  const otherReceiver = await startReceiver(t, clinic.webhookSecret)
  const otherEvent = await finishedEventWithCallback(server, other, otherReceiver.url)
  await settledDelivery(server, other, otherEvent.event.id)
  assert.equal(otherReceiver.received[0]?.seedVerdict, 401, "another tenant's callback does not verify with this tenant's secret")
})
