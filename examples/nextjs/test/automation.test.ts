import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createEcodrix, createEcodrixAdmin } from '@ecodrix/sdk'
import { signWebhook } from '@ecodrix/sdk/webhooks'
import { startThrowAwayServer, type ThrowAwayServer } from '@ecodrix/server/testing'
import { POST as confirmAppointment } from '../app/api/appointments/confirm/route'
import { POST as receiveCallback } from '../app/api/ecodrix-callback/route'

let server: ThrowAwayServer
let apiKey: string
let clientCode: string
before(async () => {
  server = await startThrowAwayServer()
  const admin = createEcodrixAdmin({ baseUrl: server.url, adminKey: server.adminKey })
  const client = await admin.POST('/api/clients', { body: { name: 'Booking Clinic' } })
  ;({ apiKey, clientCode } = client)
  process.env.ECODRIX_API_URL = server.url
  process.env.ECODRIX_CLIENT_CODE = clientCode
  process.env.ECODRIX_API_KEY = apiKey
  process.env.ECODRIX_WEBHOOK_SECRET = client.webhookSecret
})
after(() => server?.stop())

const confirmation = {
  appointmentId: 'appt-981',
  phone: '+919876543210',
  patientName: 'Ravi Kumar',
  doctorName: 'Dr. Sharma',
  startTime: '2026-03-15T09:30:00Z',
}

test('confirming an appointment fires appointment_confirmed: lead created, event logged, Meet warning instead of a link', async () => {
  const erix = createEcodrix({ baseUrl: server.url, apiKey, clientCode })
  await erix.POST('/api/crm/automations', {
    body: { name: 'Tag bookings', trigger: 'appointment_confirmed', actions: [{ type: 'add_tag', config: { tag: 'booked' } }] },
  })
  const response = await confirmAppointment(new Request('http://site/api/appointments/confirm', { method: 'POST', body: JSON.stringify(confirmation) }))
  const body = await response.json()
  assert.equal(body.meetLink, null, 'Google is not connected on a throw-away server')
  const log = await erix.GET('/api/saas/events/logs/{logId}', { params: { path: { logId: body.eventLogId } } })
  assert.equal(log.trigger, 'appointment_confirmed')
  assert.equal(log.rulesMatched, 1)
  assert.match(String(log.meetWarning), /Google/)
  const [lead] = (await erix.page('/api/crm/leads', { params: { query: { search: 'Ravi' } } })).data
  assert.equal(lead?.phone, '+919876543210')
})

test('the booking still succeeds when ECODrIx refuses the trigger', async () => {
  process.env.ECODRIX_API_KEY = `${apiKey}x`
  try {
    const response = await confirmAppointment(new Request('http://site/api/appointments/confirm', { method: 'POST', body: JSON.stringify(confirmation) }))
    assert.deepEqual(await response.json(), { success: true, appointmentId: 'appt-981', meetLink: null, eventLogId: null })
  } finally {
    process.env.ECODRIX_API_KEY = apiKey
  }
})

test('the callback route accepts a signed callback and refuses a tampered one', async () => {
  const body = JSON.stringify({ trigger: 'appointment_confirmed', meetLink: null, metadata: { appointmentId: 'appt-981' } })
  const headers = await signWebhook({ body, secret: process.env.ECODRIX_WEBHOOK_SECRET! })
  const accepted = await receiveCallback(new Request('http://site/api/ecodrix-callback', { method: 'POST', headers, body }))
  assert.equal(accepted.status, 200)
  assert.deepEqual(await accepted.json(), { received: true })
  const tampered = await receiveCallback(
    new Request('http://site/api/ecodrix-callback', { method: 'POST', headers, body: body.replace('appt-981', 'appt-982') }),
  )
  assert.equal(tampered.status, 401)
})
