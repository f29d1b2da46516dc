import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TriggerResult } from '../src/index'
import { sendJson, startServer, tenantClient } from './server'

const result: TriggerResult = {
  eventLogId: 'evt_1',
  trigger: 'appointment_confirmed',
  leadId: 'lead_1',
  meetLink: null,
  meetWarning: null,
  rulesMatched: 2,
  scheduled: false,
  jobId: 'job_1',
}

test('trigger posts the payload and resolves to the result', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, { success: true, data: result }))
  const payload = { trigger: 'appointment_confirmed', phone: '919876543210', variables: { patientName: 'Ravi' } }
  assert.deepEqual(await tenantClient(server).trigger(payload), result)
  const [request] = server.requests
  assert.equal(request?.method, 'POST')
  assert.equal(request?.url, '/api/saas/workflows/trigger')
  assert.deepEqual(JSON.parse(request?.body ?? ''), payload)
})

test('trigger sends one generated idempotency key, so its retries are safe', async (t) => {
  const server = await startServer(t, (_req, res, nth) =>
    nth === 1 ? sendJson(res, 503, { success: false, message: 'busy', code: 'DB_UNAVAILABLE' }) : sendJson(res, 200, { success: true, data: result }),
  )
  const erix = tenantClient(server)
  await erix.trigger({ trigger: 'form_submitted' })
  const [first, retry] = server.requests.map((request) => request.headers['idempotency-key'])
  assert.match(String(first), /^[0-9a-f-]{36}$/)
  assert.equal(retry, first)
  await erix.trigger({ trigger: 'form_submitted' })
  assert.notEqual(server.requests[2]?.headers['idempotency-key'], first, 'each call gets its own key')
})

test('trigger sends a caller-chosen idempotency key as is', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, { success: true, data: result }))
  await tenantClient(server).trigger({ trigger: 'payment_captured' }, { idempotencyKey: 'payment-981' })
  assert.equal(server.requests[0]?.headers['idempotency-key'], 'payment-981')
})
