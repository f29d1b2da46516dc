import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import { createRule } from '../automations/rule-data'
import { adminHeaders, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import type { TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { trigger } from '../workflows/workflow-data'
import { bodyOf, GRAPH, graphTemplate, type SimulatedWaba, templateListingHandler } from './templates-graph'

const WABA = '102290129340398'
const LIST_WABA = '102290129340399'
const confirmed = (language: string, category = 'UTILITY') =>
  graphTemplate('appointment_confirmed', language, 'APPROVED', [bodyOf('Hi {{1}}, {{2}} sees you at {{3}}.'), { type: 'FOOTER', text: 'Reply STOP to opt out' }], category)
const orderUpdate = graphTemplate('order_update', 'en_US', 'APPROVED', [
  { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
  bodyOf('Hi {{1}}, your order ships on {{2}}.'),
  { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop' }, { type: 'URL', text: 'Track', url: 'https://shop.example.com/o/{{1}}' }] },
])
const promo = (status: string) => graphTemplate('summer_promo', 'en_US', status, [bodyOf('Hi {{1}}, our offer is here.')], 'MARKETING')

/** order_update's four variables: the header's and the button's from the event's order id. */
const orderMapping = [
  { variableIndex: 1, component: 'header', source: 'event', field: 'orderId' },
  { variableIndex: 1, source: 'lead', field: 'firstName' },
  { variableIndex: 2, source: 'event', field: 'shipDate' },
  { variableIndex: 1, component: 'button', buttonIndex: 1, source: 'event', field: 'orderId' },
]

const accounts = new Map<string, SimulatedWaba>()
const sentMessages: any[] = []
const graph = simulateThirdParties(
  templateListingHandler(accounts),
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    sentMessages.push(await req.json())
    return HttpResponse.json({ messaging_product: 'whatsapp', messages: [{ id: `wamid.templates-${sentMessages.length}` }] })
  }),
)

const setSecrets = (tenant: TestTenant, secrets: Record<string, unknown>) =>
  request(env.server, 'POST', `/api/clients/${tenant.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'Templates Clinic', listing: 'Templates Listing', sandbox: 'Templates Sandbox' },
  seed: async () => {
    await setSecrets(env.clinic, { whatsappToken: 'EAAG-templates', whatsappBusinessId: WABA, whatsappPhoneNumberId: '109876543210901' })
    await setSecrets(env.listing, { whatsappToken: 'EAAG-listing', whatsappBusinessId: LIST_WABA })
    await setSecrets(env.sandbox, { whatsappToken: 'mock_templates', whatsappPhoneNumberId: '109876543210902' })
    accounts.set(LIST_WABA, {
      pages: [[confirmed('en_US'), orderUpdate, promo('REJECTED')], [graphTemplate('hello_world', 'en_US', 'APPROVED', [bodyOf('Hello!')])]],
      calls: [],
    })
  },
})
after(() => graph.close())

const call = (tenant: TestTenant, method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: tenant.headers, json })
const sync = (tenant: TestTenant) => call(tenant, 'POST', '/api/saas/chat/templates/sync')
const languagesOf = async (tenant: TestTenant, name: string) => (await call(tenant, 'GET', `/api/saas/chat/templates/${name}`)).body.data.languages
const mapTemplate = async (tenant: TestTenant, name: string, body: Record<string, unknown>) => {
  const answer = await call(tenant, 'PUT', `/api/saas/chat/templates/${name}/mapping`, body)
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  return answer.body.data
}
const preview = async (tenant: TestTenant, name: string, body: Record<string, unknown>) => {
  const answer = await call(tenant, 'POST', `/api/saas/chat/templates/${name}/preview`, body)
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  return answer.body.data
}

test('a sync over two pages creates every template; the next updates what changed, marks what vanished deleted and keeps mappings', async () => {
  const waba: SimulatedWaba = { pages: [[confirmed('en_US'), confirmed('hi')], [orderUpdate, promo('PENDING')]], calls: [] }
  accounts.set(WABA, waba)
  const first = await sync(env.clinic)
  assert.equal(first.status, 200, JSON.stringify(first.body))
  assert.deepEqual(first.body.data, { created: 4, updated: 0, deleted: 0, total: 4 })
  assert.deepEqual(
    waba.calls.map((c) => [new URL(c.url).searchParams.get('after'), c.authorization]),
    [
      [null, 'Bearer EAAG-templates'],
      ['cursor-1', 'Bearer EAAG-templates'],
    ],
  )
  await mapTemplate(env.clinic, 'appointment_confirmed', { mappings: [{ variableIndex: 1, source: 'lead', field: 'firstName' }] })

  waba.pages = [[confirmed('en_US', 'MARKETING'), confirmed('hi')], [promo('APPROVED'), graphTemplate('welcome', 'en_US', 'APPROVED', [bodyOf('Welcome!')])]]
  const second = await sync(env.clinic)
  assert.deepEqual(second.body.data, { created: 1, updated: 2, deleted: 1, total: 4 })
  const [english, hindi] = await languagesOf(env.clinic, 'appointment_confirmed')
  assert.deepEqual([english.language, english.category, english.status], ['en_US', 'MARKETING', 'approved'])
  for (const language of [english, hindi]) {
    assert.deepEqual(language.mappings, [{ variableIndex: 1, component: 'body', source: 'lead', field: 'firstName' }], 'the mapping survives the sync')
  }
  assert.equal((await languagesOf(env.clinic, 'order_update'))[0].status, 'deleted', 'kept, since rules may name it')
  assert.equal((await languagesOf(env.clinic, 'summer_promo'))[0].status, 'approved')

  assert.deepEqual((await sync(env.clinic)).body.data, { created: 0, updated: 0, deleted: 0, total: 4 }, 'an unchanged listing changes nothing')
})

test('the list filters by status, mapping status and channel, paginated', async () => {
  assert.equal((await sync(env.listing)).status, 200)
  await mapTemplate(env.listing, 'appointment_confirmed', { mappings: [{ variableIndex: 2, source: 'event', field: 'doctorName' }] })
  await mapTemplate(env.listing, 'order_update', { mappings: orderMapping })
  const names = async (query: string) => {
    const answer = await call(env.listing, 'GET', `/api/saas/chat/templates?${query}`)
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    return answer.body.data.map((template: { name: string }) => template.name)
  }
  assert.deepEqual(await names(''), ['appointment_confirmed', 'hello_world', 'order_update', 'summer_promo'])
  assert.deepEqual(await names('status=approved'), ['appointment_confirmed', 'hello_world', 'order_update'])
  assert.deepEqual(await names('status=rejected'), ['summer_promo'])
  assert.deepEqual(await names('mappingStatus=mapped'), ['hello_world', 'order_update'], 'a template without variables needs no mapping')
  assert.deepEqual(await names('mappingStatus=partial'), ['appointment_confirmed'])
  assert.deepEqual(await names('mappingStatus=unmapped'), ['summer_promo'])
  assert.deepEqual(await names('mappingStatus=mapped&status=approved&channel=whatsapp'), ['hello_world', 'order_update'])
  const page = await call(env.listing, 'GET', '/api/saas/chat/templates?limit=3&page=2')
  assert.deepEqual(
    { names: page.body.data.map((t: { name: string }) => t.name), total: page.body.total, page: page.body.page, totalPages: page.body.totalPages },
    { names: ['summer_promo'], total: 4, page: 2, totalPages: 2 },
  )
})

test('a template lists each variable of its header, body and buttons with its mapping; validate says what is missing', async () => {
  const [order] = await languagesOf(env.listing, 'order_update')
  assert.deepEqual(
    order.variables.map((v: any) => [v.component, v.buttonIndex ?? null, v.index, v.mapping && `${v.mapping.source}.${v.mapping.field}`]),
    [
      ['header', null, 1, 'event.orderId'],
      ['body', null, 1, 'lead.firstName'],
      ['body', null, 2, 'event.shipDate'],
      ['button', 1, 1, 'event.orderId'],
    ],
  )
  assert.equal(order.mappingStatus, 'mapped')
  const validate = async (name: string) => (await call(env.listing, 'GET', `/api/saas/chat/templates/${name}/validate`)).body.data
  assert.deepEqual(
    { valid: (await validate('order_update')).valid, status: (await validate('order_update')).mappingStatus },
    { valid: true, status: 'mapped' },
  )
  const partial = await validate('appointment_confirmed')
  assert.deepEqual(
    { valid: partial.valid, status: partial.mappingStatus, variables: partial.variables.map((v: any) => [v.index, v.mapped, v.fieldExists]) },
    { valid: false, status: 'partial', variables: [[1, false, false], [2, true, true], [3, false, false]] },
  )
  const unmapped = await validate('summer_promo')
  assert.deepEqual([unmapped.valid, unmapped.mappingStatus], [false, 'unmapped'])
})

test('a preview fills each component from a context, gives Graph’s parameters, and applies each onEmptyVariable mode', async () => {
  const context = { lead: { firstName: 'Ravi' }, event: { orderId: 'A-17' } }
  const skipped = await preview(env.listing, 'order_update', { context })
  assert.deepEqual(
    { outcome: skipped.outcome, reason: skipped.reason, empty: skipped.emptyVariables },
    { outcome: 'skipped', reason: 'WhatsApp template order_update: {{2}} (event.shipDate) is empty', empty: [{ component: 'body', index: 2, action: 'skip' }] },
  )
  assert.deepEqual(skipped.components, [
    { component: 'header', text: 'Order A-17' },
    { component: 'body', text: 'Hi Ravi, your order ships on {{2}}.' },
    { component: 'button', buttonIndex: 0, text: 'Stop' },
    { component: 'button', buttonIndex: 1, text: 'https://shop.example.com/o/A-17' },
  ])

  const mappings = (await languagesOf(env.listing, 'order_update'))[0].mappings
  await mapTemplate(env.listing, 'order_update', { mappings, onEmptyVariable: 'fail' })
  const failed = await preview(env.listing, 'order_update', { context })
  assert.deepEqual([failed.outcome, failed.emptyVariables[0].action], ['failed', 'fail'])

  await mapTemplate(env.listing, 'order_update', { mappings, onEmptyVariable: 'default', defaultValue: 'soon' })
  const filled = await preview(env.listing, 'order_update', { context })
  assert.equal(filled.outcome, 'ready')
  assert.deepEqual(filled.emptyVariables, [{ component: 'body', index: 2, action: 'default' }])
  assert.equal(filled.components[1].text, 'Hi Ravi, your order ships on soon.')
  assert.deepEqual(filled.parameters, [
    { type: 'header', parameters: [{ type: 'text', text: 'A-17' }] },
    { type: 'body', parameters: [{ type: 'text', text: 'Ravi' }, { type: 'text', text: 'soon' }] },
    { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'A-17' }] },
  ])
})

test('a preview from a real lead reads its fields, metadata, pipeline and stage, with the given variables', async () => {
  await mapTemplate(env.listing, 'appointment_confirmed', {
    mappings: [
      { variableIndex: 1, source: 'lead', field: 'firstName' },
      { variableIndex: 2, source: 'metadata', field: 'extra.doctor' },
      { variableIndex: 3, source: 'stage', field: 'name' },
    ],
  })
  const lead = await call(env.listing, 'POST', '/api/crm/leads', { firstName: 'Meera', phone: '+919876500301', metadata: { extra: { doctor: 'Dr. Rao' } } })
  assert.equal(lead.status, 201, JSON.stringify(lead.body))
  const stage = (await call(env.listing, 'GET', `/api/crm/leads/${lead.body.data.id}`)).body.data.stage.name
  const fromLead = await preview(env.listing, 'appointment_confirmed', { leadId: lead.body.data.id, variables: { unused: 'x' } })
  assert.equal(fromLead.outcome, 'ready')
  assert.equal(fromLead.parameterSource, 'mapping')
  assert.equal(fromLead.components[0].text, `Hi Meera, Dr. Rao sees you at ${stage}.`)

  const unmapped = await preview(env.listing, 'summer_promo', { variables: { name: 'Asha' } })
  assert.deepEqual([unmapped.parameterSource, unmapped.outcome, unmapped.reason], ['variables', 'failed', 'WhatsApp template summer_promo (en_US) is not approved: status REJECTED'])
  assert.equal(unmapped.components[0].text, 'Hi Asha, our offer is here.', 'the event’s variables fill an unmapped body in order')
})

test('an automation’s send_whatsapp sends what the preview shows: header, body and button parameters from the mapping', async () => {
  accounts.set(WABA, { pages: [[orderUpdate]], calls: [] })
  assert.equal((await sync(env.clinic)).status, 200)
  await mapTemplate(env.clinic, 'order_update', { mappings: orderMapping })
  await createRule(env.server, env.clinic, { name: 'Order shipped', trigger: 'order_shipped', actions: [{ type: 'send_whatsapp', config: { templateName: 'order_update' } }] })
  const variables = { orderId: 'B-9', shipDate: 'Monday' }
  const expected = (await preview(env.clinic, 'order_update', { context: { lead: { firstName: 'Kiran' }, event: { variables } } })).parameters
  const fired = await trigger(env.server, env.clinic, { trigger: 'order_shipped', phone: '+919876500302', variables, createLeadIfMissing: true, leadData: { firstName: 'Kiran' } })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const sent = await waitFor('the template sent to Graph', () => sentMessages.find((body) => body.to === '919876500302'))
  assert.deepEqual(sent.template, { name: 'order_update', language: { code: 'en_US' }, components: expected })
})

test('without variables the chat route fills a mapped template from the phone’s lead, as an automation does; an empty value is 422', async () => {
  await mapTemplate(env.clinic, 'order_update', {
    mappings: [
      { variableIndex: 1, component: 'header', source: 'lead', field: 'dealTitle' },
      { variableIndex: 1, source: 'lead', field: 'firstName' },
      { variableIndex: 2, source: 'lead', field: 'source' },
      { variableIndex: 1, component: 'button', buttonIndex: 1, source: 'lead', field: 'phone' },
    ],
  })
  const send = (to: string) => call(env.clinic, 'POST', '/api/saas/chat/send', { to, templateName: 'order_update' })
  assert.equal((await call(env.clinic, 'POST', '/api/crm/leads', { firstName: 'Lata', phone: '+919876500304', source: 'website', dealTitle: 'Kit 4' })).status, 201)
  const queued = await send('+919876500304')
  assert.equal(queued.status, 201, JSON.stringify(queued.body))
  const sent = await waitFor('the template sent to Graph', () => sentMessages.find((body) => body.to === '919876500304'))
  assert.deepEqual(sent.template.components, [
    { type: 'header', parameters: [{ type: 'text', text: 'Kit 4' }] },
    { type: 'body', parameters: [{ type: 'text', text: 'Lata' }, { type: 'text', text: 'website' }] },
    { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: '+919876500304' }] },
  ])

  assert.equal((await call(env.clinic, 'POST', '/api/crm/leads', { firstName: 'Noor', phone: '+919876500305', source: 'website' })).status, 201)
  const refused = await send('+919876500305')
  assert.equal(refused.status, 422, JSON.stringify(refused.body))
  assert.deepEqual([refused.body.code, refused.body.message], ['TEMPLATE_VARIABLE_EMPTY', 'WhatsApp template order_update: header {{1}} (lead.dealTitle) is empty'])
})

test('with a sandbox token the sync pulls the sandbox catalog without network, ready to map, preview and send', async () => {
  const synced = await sync(env.sandbox)
  assert.deepEqual(synced.body.data, { created: 4, updated: 0, deleted: 0, total: 4 })
  const listed = (await call(env.sandbox, 'GET', '/api/saas/chat/templates?status=approved')).body.data.map((t: { name: string }) => t.name)
  assert.deepEqual(listed, ['appointment_confirmed', 'hello_world', 'order_update'])
  await mapTemplate(env.sandbox, 'appointment_confirmed', {
    mappings: [
      { variableIndex: 1, source: 'lead', field: 'firstName' },
      { variableIndex: 2, source: 'event', field: 'doctorName' },
      { variableIndex: 3, source: 'event', field: 'appointmentTime' },
    ],
  })
  const filled = await preview(env.sandbox, 'appointment_confirmed', { context: { lead: { firstName: 'Ravi' }, event: { doctorName: 'Dr. Sharma', appointmentTime: '3:00 PM' } } })
  assert.equal(filled.components[0].text, 'Hi Ravi, your appointment with Dr. Sharma is confirmed for 3:00 PM.')
  const send = await call(env.sandbox, 'POST', '/api/saas/chat/send', { to: '+919876500303', templateName: 'appointment_confirmed', variables: ['Ravi', 'Dr. Sharma', '3:00 PM'] })
  assert.equal(send.status, 201, JSON.stringify(send.body))
  assert.deepEqual((await sync(env.sandbox)).body.data, { created: 0, updated: 0, deleted: 0, total: 4 })
})

test('the collections a mapping reads, and their fields with the types of the API’s schemas', async () => {
  const collections = (await call(env.listing, 'GET', '/api/saas/chat/collections')).body.data
  assert.deepEqual(
    collections.map((c: { name: string; openFields: boolean }) => [c.name, c.openFields]),
    [
      ['lead', false],
      ['pipeline', false],
      ['stage', false],
      ['event', true],
      ['conversation', false],
      ['metadata', true],
    ],
  )
  const fields = async (name: string) => {
    const answer = await call(env.listing, 'GET', `/api/saas/chat/collections/${name}/fields`)
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    return Object.fromEntries(answer.body.data.map((field: { key: string; type: string }) => [field.key, field.type]))
  }
  const lead = await fields('lead')
  assert.deepEqual([lead.firstName, lead.score, lead.tags, lead.createdAt, lead.metadata], ['string', 'number', 'array', 'date', undefined])
  assert.equal((await fields('stage')).isWon, 'boolean')
  assert.equal((await fields('conversation')).serviceWindowOpen, 'boolean')
  assert.equal((await fields('metadata'))['extra.doctor'], 'any', 'the metadata keys leads use')
})
