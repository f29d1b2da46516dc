import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import { createRule } from '../automations/rule-data'
import { adminHeaders, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import { type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { finishedEvent, trigger } from '../workflows/workflow-data'

const GRAPH = 'https://graph.facebook.com/v21.0'
const sent: any[] = []
const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    const body = (await req.json()) as any
    sent.push(body)
    if (body.template.name === 'needs_three') {
      return HttpResponse.json(
        { error: { message: '(#132000) Number of parameters does not match the expected number of params', type: 'OAuthException', code: 132000, fbtrace_id: 'X' } },
        { status: 400 },
      )
    }
    return HttpResponse.json({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.through-trigger' }] })
  }),
)

let smtp: SmtpReceiver
before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { tenant: 'Trigger Actions' },
  seed: async () => {
    smtp = await startSmtpReceiver({ user: 'mailer', pass: 'pw' })
    const secrets = await request(env.server, 'POST', `/api/clients/${env.tenant.clientCode}/secrets`, {
      headers: adminHeaders(env.server),
      json: { whatsappToken: 'EAAG-live', whatsappPhoneNumberId: '1098765', smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpUser: 'mailer', smtpPass: 'pw', smtpFrom: 'clinic@example.com' },
    })
    assert.equal(secrets.status, 200)
  },
})
after(async () => {
  graph.close()
  await smtp?.close()
})

test('a trigger runs its WhatsApp and email actions for real; a Graph error is recorded on the message the event queued', async () => {
  await createRule(env.server, env.tenant, {
    name: 'Confirm by WhatsApp and email',
    trigger: 'appointment_confirmed',
    actions: [
      { type: 'send_whatsapp', config: { templateName: 'appointment_confirmed', language: 'en_US' } },
      { type: 'send_whatsapp', config: { templateName: 'needs_three' } },
      { type: 'send_email', config: { subject: 'Your visit with {{doctorName}}', htmlBody: '<p>Dear {{patientName}}, see you at {{appointmentTime}}.</p>' } },
    ],
  })
  const triggered = await trigger(env.server, env.tenant, {
    trigger: 'appointment_confirmed',
    phone: '919876543210',
    email: 'patient@example.com',
    variables: { patientName: 'Ravi <Kumar>', doctorName: 'Dr. Sharma', appointmentTime: '3:00 PM' },
    createLeadIfMissing: true,
    leadData: { firstName: 'Ravi' },
  })
  assert.equal(triggered.status, 200, JSON.stringify(triggered.body))
  const { eventLogId } = triggered.body.data
  const event = await finishedEvent(env.server, env.tenant, eventLogId)
  // The WhatsApp actions queue their messages in the inbox; Meta's verdict arrives on each message.
  assert.equal(event.status, 'completed')
  assert.deepEqual(
    event.runs.map((run) => [run.status, run.reason, run.result?.status ?? null]),
    [
      ['ok', null, 'queued'],
      ['ok', null, 'queued'],
      ['ok', null, null],
    ],
  )
  const messages = await waitFor('both messages settled', async () => {
    const rows = await tenantDb(env.server, env.tenant).selectFrom('messages').selectAll().where('event_log_id', '=', eventLogId).orderBy('created_at').execute()
    return rows.length === 2 && rows.every((row) => row.status !== 'queued') && rows
  })
  assert.deepEqual(
    messages.map((message) => [message.id, message.status, message.wamid, message.error_code, message.error_title]),
    [
      [event.runs[0]?.result?.messageId, 'sent', 'wamid.through-trigger', null, null],
      [event.runs[1]?.result?.messageId, 'failed', null, 132000, 'Number of parameters does not match the expected number of params'],
    ],
  )

  const first = sentParameters()
  assert.deepEqual([...first].sort(), ['3:00 PM', 'Dr. Sharma', 'Ravi <Kumar>'])
  assert.equal(smtp.messages.length, 1)
  assert.equal(smtp.messages[0]?.headers.subject, 'Your visit with Dr. Sharma')
  assert.equal(smtp.messages[0]?.body, '<p>Dear Ravi &lt;Kumar&gt;, see you at 3:00 PM.</p>')
})

const sentParameters = (): string[] =>
  sent.find((body) => body.template.name === 'appointment_confirmed').template.components[0].parameters.map((parameter: { text: string }) => parameter.text)

test("without a template mapping the trigger's variables fill the template in the order the client sent them", () => {
  assert.deepEqual(sentParameters(), ['Ravi <Kumar>', 'Dr. Sharma', '3:00 PM'])
})
