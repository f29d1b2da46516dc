import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { triggerEvents } from './event-data'

const env = useTestServer({ tenants: { owner: 'Owner Clinic', intruder: 'Intruder Clinic' } })

test("another tenant's event logs are invisible: 404 on detail, absent from list and stats", async () => {
  const { server, owner, intruder } = env
  const [id] = await triggerEvents(server, owner, [{ trigger: 'form_submitted', status: 'completed', phone: '+919833333333' }])
  const mine = await request(server, 'GET', `/api/saas/events/logs/${id}`, { headers: owner.headers })
  assert.equal(mine.status, 200)

  const theirs = await request(server, 'GET', `/api/saas/events/logs/${id}`, { headers: intruder.headers })
  expectRefused(theirs, 404, 'EVENT_LOG_NOT_FOUND')

  const list = await request(server, 'GET', '/api/saas/events/logs?phone=%2B919833333333', { headers: intruder.headers })
  assert.equal(list.status, 200)
  assert.deepEqual(list.body.data, [])
  assert.equal(list.body.total, 0)

  const stats = await request(server, 'GET', '/api/saas/events/stats', { headers: intruder.headers })
  assert.deepEqual(stats.body.data, { totalEvents: 0, byTrigger: [], byStatus: [] })
})
