import assert from 'node:assert/strict'
import { after, beforeEach, test } from 'node:test'
import { executeAction } from '../../src/areas/automation/actions/execute-action'
import { actionContext, actionEvent, createLeadRow } from '../helpers/action-context'
import { adminHeaders, request } from '../helpers/http'
import { type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver'
import type { TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

let smtp: SmtpReceiver
const setSecrets = (target: TestTenant, secrets: Record<string, unknown>) =>
  request(env.server, 'POST', `/api/clients/${target.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })
const env = useTestServer({
  tenants: { tenant: 'Mail Clinic', wrongLogin: 'Mail Wrong', unconfigured: 'Mail Nothing' },
  seed: async () => {
    smtp = await startSmtpReceiver({ user: 'mailer', pass: 'right-password' })
    const smtpSecrets = { smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpUser: 'mailer', smtpPass: 'right-password', smtpFrom: 'Clinic <mailer@example.com>' }
    await setSecrets(env.tenant, smtpSecrets)
    await setSecrets(env.wrongLogin, { ...smtpSecrets, smtpPass: 'wrong-password' })
  },
})
after(() => smtp?.close())
beforeEach(() => {
  smtp.messages.length = 0
})

type Config = { subject: string; htmlBody: string; to?: string }
const sendEmail = (target: TestTenant, lead: Awaited<ReturnType<typeof createLeadRow>> | null, config: Config, event = actionEvent()) =>
  executeAction({ ctx: actionContext(env.server, target), action: { type: 'send_email', config }, lead, event })

test('the email reaches the SMTP server with variables substituted: escaped in the body, on one line in the subject', async () => {
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Ravi', email: 'Ravi@Example.com', metadata: { extra: { plan: 'Premium' } } })
  const event = actionEvent({ variables: { doctorName: 'Dr. <b>Sharma</b> & Co', appointmentTime: '3:00 PM\r\nBcc: victim@example.com' }, data: { amount: 1500 } })
  const outcome = await sendEmail(
    env.tenant,
    lead,
    {
      subject: 'Confirmed at {{appointmentTime}} with {{ doctorName }}',
      htmlBody: '<p>Hi {{firstName}}, {{doctorName}} sees you at {{appointmentTime}}. Due: {{amount}} ({{metadata.extra.plan}}){{nowhere}}{{nowhere}}</p>',
    },
    event,
  )
  assert.equal(outcome.status, 'ok', JSON.stringify(outcome))
  const result = (outcome as { result: Record<string, unknown> }).result
  assert.equal(result.to, 'ravi@example.com')
  assert.deepEqual(result.accepted, ['ravi@example.com'])
  assert.deepEqual(result.missingVariables, ['nowhere'])
  assert.match(String(result.messageId), /^<.+@.+>$/)

  assert.equal(smtp.messages.length, 1)
  const [mail] = smtp.messages
  assert.deepEqual(mail?.to, ['ravi@example.com'], 'no header injection adds a recipient')
  assert.equal(mail?.from, 'mailer@example.com')
  assert.equal(mail?.headers.subject, 'Confirmed at 3:00 PM Bcc: victim@example.com with Dr. <b>Sharma</b> & Co')
  assert.equal(mail?.headers['message-id'], result.messageId)
  assert.match(mail?.headers['content-type'] ?? '', /^text\/html/)
  assert.equal(
    mail?.body,
    '<p>Hi Ravi, Dr. &lt;b&gt;Sharma&lt;/b&gt; &amp; Co sees you at 3:00 PM\r\nBcc: victim@example.com. Due: 1500 (Premium)</p>',
  )
})

test('config.to wins over the lead; the event email is used without a lead', async () => {
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Lead', email: 'lead@example.com' })
  assert.equal((await sendEmail(env.tenant, lead, { subject: 'S', htmlBody: 'B', to: 'desk@example.com' })).status, 'ok')
  assert.equal((await sendEmail(env.tenant, null, { subject: 'S', htmlBody: 'B' }, actionEvent({ email: 'event@example.com' }))).status, 'ok')
  assert.deepEqual(
    smtp.messages.map((mail) => mail.to),
    [['desk@example.com'], ['event@example.com']],
  )
})

test('a login the SMTP server refuses is a failed outcome with the server’s answer', async () => {
  const outcome = await sendEmail(env.wrongLogin, null, { subject: 'S', htmlBody: 'B' }, actionEvent({ email: 'someone@example.com' }))
  assert.equal(outcome.status, 'failed')
  assert.match((outcome as { reason: string }).reason, /^SMTP error: 535 .*Invalid username or password/)
  assert.equal(smtp.messages.length, 0)
})

test('no address anywhere is skipped; a tenant without SMTP secrets fails', async () => {
  const phoneOnly = await createLeadRow(env.server, env.tenant, { firstName: 'Phone', phone: '+919876500010' })
  const skipped = await sendEmail(env.tenant, phoneOnly, { subject: 'S', htmlBody: 'B' })
  assert.equal(skipped.status, 'skipped')
  const failed = await sendEmail(env.unconfigured, null, { subject: 'S', htmlBody: 'B' }, actionEvent({ email: 'someone@example.com' }))
  assert.deepEqual(failed, { status: 'failed', reason: 'Email is not configured (smtpHost, smtpPort, smtpFrom)' })
  assert.equal(smtp.messages.length, 0)
})
