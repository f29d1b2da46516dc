import assert from 'node:assert/strict'
import { after, before, beforeEach, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import { executeAction } from '../../src/areas/automation/actions/execute-action'
import type { LeadRow } from '../../src/areas/crm'
import type { TemplateMapping } from '../../src/platform/database/tenant-tables'
import { actionContext, actionEvent, createLeadRow } from '../helpers/action-context'
import { adminHeaders, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import { tenantDb, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'

const GRAPH = 'https://graph.facebook.com/v21.0'
const PHONE_NUMBER_ID = '109876543210987'
const sent: { path: string; authorization: string | null; body: any }[] = []
let accepted = 0
const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    const body = (await req.json()) as any
    sent.push({ path: new URL(req.url).pathname, authorization: req.headers.get('authorization'), body })
    if (body.template.name === 'three_params') {
      return HttpResponse.json(
        {
          error: {
            message: '(#132000) Number of parameters does not match the expected number of params',
            type: 'OAuthException',
            code: 132000,
            error_data: { messaging_product: 'whatsapp', details: 'body: number of localizable_params (2) does not match the expected number of params (3)' },
            fbtrace_id: 'AbCdEfGh',
          },
        },
        { status: 400 },
      )
    }
    accepted += 1
    return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.HBgLOTE5ODc2NTQzMjEwFQIAERgS${accepted}` }] })
  }),
)

const setSecrets = (target: TestTenant, secrets: Record<string, unknown>) =>
  request(env.server, 'POST', `/api/clients/${target.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { tenant: 'WA Clinic', sandbox: 'WA Sandbox', unconfigured: 'WA Nothing' },
  seed: async () => {
    await setSecrets(env.tenant, { whatsappToken: 'EAAG-live-token', whatsappPhoneNumberId: PHONE_NUMBER_ID })
    await setSecrets(env.sandbox, { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: `${PHONE_NUMBER_ID}0` })
  },
})
after(() => graph.close())
beforeEach(() => {
  sent.length = 0
})

const seedVariables = { patientName: 'Ravi Kumar', doctorName: 'Dr. Sharma', appointmentTime: '3:00 PM' }
/** The action queues the message in the inbox; the sender job takes it to Graph. */
const sendWhatsapp = (
  target: TestTenant,
  lead: LeadRow | null,
  config: { templateName: string; language?: string },
  event = actionEvent({ variables: seedVariables }),
  ctx = actionContext(env.server, target),
) => executeAction({ ctx, action: { type: 'send_whatsapp', config }, lead, event })

/** The queued message once it has left the queue (sent or failed). */
const settledMessage = (target: TestTenant, id: unknown) =>
  waitFor(`message ${String(id)} settled`, () =>
    tenantDb(env.server, target).selectFrom('messages').selectAll().where('id', '=', String(id)).where('status', '!=', 'queued').executeTakeFirst(),
  )

const resultOf = (outcome: Awaited<ReturnType<typeof sendWhatsapp>>) => (outcome as { result: Record<string, unknown> }).result

// Inserted: no API creates WhatsApp templates yet.
async function insertTemplate(target: TestTenant, template: { name: string; status: string; mappings?: TemplateMapping[]; defaultValue?: string; language?: string }) {
  await insertWhatsappTemplate(env.server, target, {
    name: template.name,
    language: template.language ?? 'en_US',
    status: template.status,
    mappings: JSON.stringify(template.mappings ?? []),
    ...(template.defaultValue ? { on_empty_variable: 'default' as const, default_value: template.defaultValue } : {}),
  })
}

test('without a synced template the event variables fill the body in order, sent exactly as the Cloud API expects', async () => {
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Ravi', phone: '+91 98765 43210' })
  const outcome = await sendWhatsapp(env.tenant, lead, { templateName: 'appointment_confirmed', language: 'en_US' })
  const result = resultOf(outcome)
  assert.deepEqual(outcome, { status: 'ok', result: { messageId: result.messageId, conversationId: result.conversationId, to: '919876543210', status: 'queued' } })
  assert.equal((await settledMessage(env.tenant, result.messageId)).status, 'sent')
  assert.deepEqual(sent, [
    {
      path: `/v21.0/${PHONE_NUMBER_ID}/messages`,
      authorization: 'Bearer EAAG-live-token',
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '919876543210',
        type: 'template',
        template: {
          name: 'appointment_confirmed',
          language: { code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ravi Kumar' }, { type: 'text', text: 'Dr. Sharma' }, { type: 'text', text: '3:00 PM' }] }],
        },
      },
    },
  ])
})

test("an approved template's mapping picks lead, event and metadata values by variable index", async () => {
  await insertTemplate(env.tenant, {
    name: 'visit_details',
    status: 'approved',
    mappings: [
      { variableIndex: 3, source: 'metadata', field: 'refs.appointmentId' },
      { variableIndex: 1, source: 'lead', field: 'firstName' },
      { variableIndex: 2, source: 'event', field: 'amount' },
    ],
  })
  const lead = await createLeadRow(env.server, env.tenant, {
    firstName: 'Asha',
    phone: '+919876500001',
    metadata: { refs: { appointmentId: 'apt-77' } },
  })
  const outcome = await sendWhatsapp(env.tenant, lead, { templateName: 'visit_details' }, actionEvent({ variables: { unused: 'x' }, data: { amount: 1500 } }))
  assert.equal(outcome.status, 'ok', JSON.stringify(outcome))
  await settledMessage(env.tenant, resultOf(outcome).messageId)
  assert.equal(sent[0]?.body.template.language.code, 'en_US', 'language defaults to en_US')
  assert.deepEqual(sent[0]?.body.template.components, [
    { type: 'body', parameters: [{ type: 'text', text: 'Asha' }, { type: 'text', text: '1500' }, { type: 'text', text: 'apt-77' }] },
  ])
})

test('an empty mapped value skips the send by default, or takes the template’s default text', async () => {
  const mappings: TemplateMapping[] = [{ variableIndex: 1, source: 'lead', field: 'lastName' }]
  await insertTemplate(env.tenant, { name: 'needs_last_name', status: 'APPROVED', mappings })
  await insertTemplate(env.tenant, { name: 'greets_anyone', status: 'APPROVED', mappings, defaultValue: 'there' })
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Mono', phone: '+919876500002' })

  const skipped = await sendWhatsapp(env.tenant, lead, { templateName: 'needs_last_name' })
  assert.equal(skipped.status, 'skipped')
  assert.match((skipped as { reason: string }).reason, /\{\{1\}\} \(lead\.lastName\) is empty/)
  assert.equal(sent.length, 0)

  const greeted = await sendWhatsapp(env.tenant, lead, { templateName: 'greets_anyone' })
  assert.equal(greeted.status, 'ok')
  await settledMessage(env.tenant, resultOf(greeted).messageId)
  assert.deepEqual(sent[0]?.body.template.components[0].parameters, [{ type: 'text', text: 'there' }])
})

test('a template that is not approved fails without calling the Graph API', async () => {
  await insertTemplate(env.tenant, { name: 'still_pending', status: 'PENDING' })
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Pen', phone: '+919876500003' })
  const outcome = await sendWhatsapp(env.tenant, lead, { templateName: 'still_pending' })
  assert.equal(outcome.status, 'failed')
  assert.match((outcome as { reason: string }).reason, /not approved/)
  assert.equal(sent.length, 0)
})

test('a Graph API error such as 132000 fails the queued message with its code and title', async () => {
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Err', phone: '+919876500004' })
  const event = actionEvent({ variables: { a: '1', b: '2' } })
  const outcome = await sendWhatsapp(env.tenant, lead, { templateName: 'three_params' }, event)
  assert.equal(outcome.status, 'ok', 'the action queued it; Meta’s verdict arrives on the message')
  const message = await settledMessage(env.tenant, resultOf(outcome).messageId)
  assert.deepEqual(
    { status: message.status, code: message.error_code, title: message.error_title, eventLogId: message.event_log_id },
    { status: 'failed', code: 132000, title: 'Number of parameters does not match the expected number of params', eventLogId: event.eventLogId },
  )
})

test('the event phone is used without a lead; a template without parameters has no components', async () => {
  const outcome = await sendWhatsapp(env.tenant, null, { templateName: 'hello_world', language: 'en' }, actionEvent({ phone: '+1 (555) 010-9999' }))
  assert.equal(resultOf(outcome).to, '15550109999')
  await settledMessage(env.tenant, resultOf(outcome).messageId)
  assert.deepEqual(sent[0]?.body.template, { name: 'hello_world', language: { code: 'en' } })
})

test('a mock_ token simulates the send without any network call', async () => {
  const lead = await createLeadRow(env.server, env.sandbox, { firstName: 'Sandy', phone: '+919876500006' })
  const outcome = await sendWhatsapp(env.sandbox, lead, { templateName: 'appointment_confirmed' })
  assert.equal(outcome.status, 'ok')
  const result = resultOf(outcome)
  assert.deepEqual(result, { messageId: result.messageId, conversationId: result.conversationId, to: '919876500006', status: 'queued', simulated: true })
  const message = await settledMessage(env.sandbox, result.messageId)
  assert.match(String(message.wamid), /^wamid\.mock_/)
  assert.equal(sent.length, 0)
})

test('no phone anywhere is skipped; a tenant without WhatsApp secrets fails', async () => {
  const emailOnly = await createLeadRow(env.server, env.tenant, { firstName: 'Mail', email: 'mail@example.com' })
  const skipped = await sendWhatsapp(env.tenant, emailOnly, { templateName: 'appointment_confirmed' }, actionEvent({ email: 'mail@example.com' }))
  assert.equal(skipped.status, 'skipped')

  const failed = await sendWhatsapp(env.unconfigured, null, { templateName: 'appointment_confirmed' }, actionEvent({ phone: '919876543210' }))
  assert.deepEqual(failed, { status: 'failed', reason: 'WhatsApp is not configured (whatsappToken, whatsappPhoneNumberId)' })
  assert.equal(sent.length, 0)
})
