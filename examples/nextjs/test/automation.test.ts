import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { callbackExample, ecodrixErrorHandler, ecodrixHandler, ecodrixHandlers, signedCallback, specExample } from '@ecodrix/sdk/testing'
import { setupServer } from 'msw/node'
import { POST as confirmAppointment } from '../app/api/appointments/confirm/route'
import { POST as receiveCallback } from '../app/api/ecodrix-callback/route'

const server = setupServer(...ecodrixHandlers())
const secret = 'whsec_n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='
before(() => {
  server.listen({ onUnhandledRequest: 'error' })
  process.env.ECODRIX_API_URL = 'http://ecodrix.test'
  process.env.ECODRIX_CLIENT_CODE = 'booking_clinic'
  process.env.ECODRIX_API_KEY = 'ecx_test'
  process.env.ECODRIX_WEBHOOK_SECRET = secret
})
afterEach(() => server.resetHandlers())
after(() => server.close())

const confirmation = {
  appointmentId: 'appt-981',
  phone: '+919876543210',
  patientName: 'Ravi Kumar',
  doctorName: 'Dr. Sharma',
  startTime: '2026-03-15T09:30:00Z',
}
const confirm = () =>
  confirmAppointment(new Request('http://site/api/appointments/confirm', { method: 'POST', body: JSON.stringify(confirmation) }))

test("confirming an appointment fires appointment_confirmed with the seed's payload and answers ECODrIx's Meet link", async () => {
  const sent: { body: unknown; headers: Headers }[] = []
  server.use(
    ecodrixHandler('POST', '/api/saas/workflows/trigger', async ({ request }) => {
      sent.push({ body: await request.json(), headers: request.headers })
      return { ...specExample('POST', '/api/saas/workflows/trigger'), meetLink: 'https://meet.google.com/abc-defg-hij', eventLogId: 'ev_1' }
    }),
  )
  const body = await (await confirm()).json()
  assert.deepEqual(body, { success: true, appointmentId: 'appt-981', meetLink: 'https://meet.google.com/abc-defg-hij', eventLogId: 'ev_1' })
  const [call] = sent
  assert.ok(call)
  assert.equal(call.headers.get('x-api-key'), 'ecx_test')
  assert.equal(call.headers.get('x-client-code'), 'booking_clinic')
  assert.ok(call.headers.get('idempotency-key'), 'trigger sends an Idempotency-Key')
  assert.deepEqual(call.body, {
    trigger: 'appointment_confirmed',
    phone: '+919876543210',
    variables: { patientName: 'Ravi Kumar', doctorName: 'Dr. Sharma' },
    data: { appointmentId: 'appt-981' },
    requiresMeet: true,
    meetConfig: { title: 'Dr. Sharma + Ravi Kumar', startTime: '2026-03-15T09:30:00Z', durationMinutes: 30 },
    callbackMetadata: { appointmentId: 'appt-981' },
    createLeadIfMissing: true,
    leadData: { firstName: 'Ravi Kumar', source: 'website' },
  })
})

test('the booking still succeeds when ECODrIx refuses the trigger', async () => {
  server.use(ecodrixErrorHandler('POST', '/api/saas/workflows/trigger', { status: 401, code: 'UNAUTHORIZED' }))
  assert.deepEqual(await (await confirm()).json(), { success: true, appointmentId: 'appt-981', meetLink: null, eventLogId: null })
})

test('the callback route accepts a signed callback and refuses a tampered or stale one', async () => {
  const callback = callbackExample({ metadata: { appointmentId: 'appt-981' } })
  const accepted = await receiveCallback(await signedCallback(callback, secret))
  assert.equal(accepted.status, 200)
  assert.deepEqual(await accepted.json(), { received: true })

  const signed = await signedCallback(callback, secret)
  const body = (await signed.text()).replace('appt-981', 'appt-982')
  const tampered = await receiveCallback(new Request(signed.url, { method: 'POST', headers: signed.headers, body }))
  assert.equal(tampered.status, 401)
  assert.equal((await tampered.json()).reason, 'invalid_signature')

  const stale = await receiveCallback(await signedCallback(callback, secret, { timestamp: Math.floor(Date.now() / 1000) - 3600 }))
  assert.equal(stale.status, 401)
})
