import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import type { AutomationAction } from '../../src/areas/automation/actions/action-executor'
import { executeAction } from '../../src/areas/automation/actions/execute-action'
import { previewAction } from '../../src/areas/automation/actions/preview-action'
import type { LeadRow } from '../../src/areas/crm'
import { actionContext, actionEvent, createLeadRow, snapshotTenantWrites } from '../helpers/action-context'
import { adminHeaders, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import { type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'

const GRAPH = 'https://graph.facebook.com/v21.0'
const sent: any[] = []
const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    sent.push(await req.json())
    return HttpResponse.json({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.preview' }] })
  }),
)

let smtp: SmtpReceiver
let lead: LeadRow
const event = actionEvent({ variables: { doctorName: 'Dr. <Sharma>', appointmentTime: '3:00 PM' }, data: { amount: 1500 } })

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { tenant: 'Preview Clinic' },
  seed: async () => {
    smtp = await startSmtpReceiver({ user: 'mailer', pass: 'pw' })
    const { server, tenant } = env
    const secrets = await request(server, 'POST', `/api/clients/${tenant.clientCode}/secrets`, {
      headers: adminHeaders(server),
      json: { whatsappToken: 'EAAG-live', whatsappPhoneNumberId: '1098765', smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpUser: 'mailer', smtpPass: 'pw', smtpFrom: 'clinic@example.com' },
    })
    assert.equal(secrets.status, 200, JSON.stringify(secrets.body))
    // Inserted: no API creates WhatsApp templates yet.
    await insertWhatsappTemplate(server, tenant, {
      name: 'visit',
      language: 'en_US',
      status: 'APPROVED',
      mappings: JSON.stringify([
        { variableIndex: 1, source: 'lead', field: 'firstName' },
        { variableIndex: 2, source: 'event', field: 'doctorName' },
      ]),
    })
    lead = await createLeadRow(server, tenant, { firstName: 'Ravi', phone: '+919876543210', email: 'ravi@example.com' })
  },
})
after(async () => {
  graph.close()
  await smtp?.close()
})

const args = (action: AutomationAction, forLead: LeadRow | null = lead) => ({
  ctx: actionContext(env.server, env.tenant),
  action,
  lead: forLead,
  event,
})

/** The preview of `action`, proving it wrote, sent and mailed nothing. */
async function preview(action: AutomationAction, forLead: LeadRow | null = lead) {
  const before = await snapshotTenantWrites(env.server, env.tenant.clientCode)
  const [sentBefore, mailedBefore] = [sent.length, smtp.messages.length]
  const previewed = await previewAction(args(action, forLead))
  assert.deepEqual(await snapshotTenantWrites(env.server, env.tenant.clientCode), before, `${action.type} preview wrote nothing`)
  assert.equal(sent.length, sentBefore, `${action.type} preview sent no WhatsApp message`)
  assert.equal(smtp.messages.length, mailedBefore, `${action.type} preview sent no email`)
  return previewed
}

test('a WhatsApp preview resolves the recipient and parameters the send then uses', async () => {
  const action: AutomationAction = { type: 'send_whatsapp', config: { templateName: 'visit' } }
  const { resolved, problem } = await preview(action)
  assert.equal(problem, undefined)
  assert.deepEqual(resolved, {
    to: '919876543210',
    templateName: 'visit',
    language: 'en_US',
    parameters: ['Ravi', 'Dr. <Sharma>'],
    parameterSource: 'mapping',
    simulated: false,
  })
  assert.equal((await executeAction(args(action))).status, 'ok')
  // Queued in the inbox, then sent by the sender job.
  await waitFor('the WhatsApp send', () => sent.length > 0)
  // Its outcome stored too, so the next test's snapshots do not see it land.
  await waitFor('the send outcome stored', () => tenantDb(env.server, env.tenant).selectFrom('messages').select('id').where('status', '=', 'sent').executeTakeFirst())
  assert.equal(sent[0].to, resolved.to)
  assert.deepEqual(sent[0].template.components[0].parameters.map((parameter: { text: string }) => parameter.text), resolved.parameters)
})

test('an email preview shows the filled subject and body the send then delivers', async () => {
  const action: AutomationAction = { type: 'send_email', config: { subject: 'See {{doctorName}} at {{appointmentTime}}', htmlBody: '<p>{{firstName}}: {{doctorName}} {{unknown}}</p>' } }
  const { resolved, problem } = await preview(action)
  assert.equal(problem, undefined)
  assert.deepEqual(resolved, {
    from: 'clinic@example.com',
    to: 'ravi@example.com',
    subject: 'See Dr. <Sharma> at 3:00 PM',
    htmlBody: '<p>Ravi: Dr. &lt;Sharma&gt; </p>',
    missingVariables: ['unknown'],
  })
  assert.equal((await executeAction(args(action))).status, 'ok')
  assert.equal(smtp.messages[0]?.headers.subject, resolved.subject)
  assert.equal(smtp.messages[0]?.body, resolved.htmlBody)
})

test('CRM action previews show the change they would make, and what stops them', async () => {
  const [firstStage, secondStage] = await tenantDb(env.server, env.tenant).selectFrom('stages').selectAll().where('pipeline_id', '=', lead.pipeline_id).orderBy('position').execute()
  assert.deepEqual(await preview({ type: 'move_stage', config: { stageId: secondStage!.id } }), {
    resolved: { leadId: lead.id, fromStageId: firstStage!.id, stageId: secondStage!.id, stageName: secondStage!.name, changed: true },
  })
  assert.deepEqual(await preview({ type: 'assign_to', config: { assignTo: 'priya' } }), {
    resolved: { leadId: lead.id, assignTo: 'priya', previous: null, changed: true },
  })
  assert.deepEqual(await preview({ type: 'add_tag', config: { tag: 'vip' } }), { resolved: { leadId: lead.id, tag: 'vip', changed: true } })
  assert.deepEqual(await preview({ type: 'remove_tag', config: { tag: 'vip' } }), { resolved: { leadId: lead.id, tag: 'vip', changed: false } })

  const missing = randomUUID()
  assert.deepEqual(await preview({ type: 'move_stage', config: { stageId: missing } }), { resolved: { stageId: missing }, problem: `No stage ${missing}` })
  assert.deepEqual(await preview({ type: 'add_tag', config: { tag: 'vip' } }, null), { resolved: { tag: 'vip' }, problem: 'No lead: the event has none' })
})

test('previews name what a real run would stop on: no recipient, a template not approved', async () => {
  // Inserted: no API creates WhatsApp templates yet.
  await insertWhatsappTemplate(env.server, env.tenant, { name: 'draft', language: 'en_US', status: 'REJECTED' })
  const rejected = await preview({ type: 'send_whatsapp', config: { templateName: 'draft' } })
  assert.match(rejected.problem ?? '', /not approved/)
  const noPhone = await preview({ type: 'send_whatsapp', config: { templateName: 'visit' } }, null)
  assert.match(noPhone.problem ?? '', /No phone number/)
  const noEmail = await preview({ type: 'send_email', config: { subject: 'S', htmlBody: 'B' } }, null)
  assert.match(noEmail.problem ?? '', /No email address/)
})
