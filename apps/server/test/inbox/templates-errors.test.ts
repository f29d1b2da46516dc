import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import { snapshotTables } from '../helpers/db-snapshot'
import { adminHeaders, expectRefused, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import type { TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { bodyOf, graphTemplate, type SimulatedWaba, templateListingHandler } from './templates-graph'

const WABA = '102290129340410'
const accounts = new Map<string, SimulatedWaba>()
const graph = simulateThirdParties(templateListingHandler(accounts))

const setSecrets = (tenant: TestTenant, secrets: Record<string, unknown>) =>
  request(env.server, 'POST', `/api/clients/${tenant.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'Templates Refusals', sandbox: 'Templates Refusals Sandbox', noAccount: 'Templates No WABA', bare: 'Templates Bare' },
  seed: async () => {
    await setSecrets(env.clinic, { whatsappToken: 'EAAG-refusals', whatsappBusinessId: WABA })
    await setSecrets(env.sandbox, { whatsappToken: 'mock_refusals', whatsappPhoneNumberId: '109876543210911' })
    await setSecrets(env.noAccount, { whatsappToken: 'EAAG-no-waba' })
    const synced = await request(env.server, 'POST', '/api/saas/chat/templates/sync', { headers: env.sandbox.headers })
    assert.equal(synced.status, 200, JSON.stringify(synced.body))
  },
})
after(() => graph.close())

const templatesTable = (tenant: TestTenant) => [`${schemaNameFor(tenant.clientCode)}.whatsapp_templates`]
const call = (tenant: TestTenant, method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: tenant.headers, json })

/** The refusal, and proof it wrote nothing to the tenant's templates. */
async function refused(tenant: TestTenant, method: string, path: string, json: unknown, status: number, code: string, fields: string[] = []) {
  const before = await snapshotTables(env.server, templatesTable(tenant))
  const answer = await call(tenant, method, path, json)
  expectRefused(answer, status, code, { where: `${method} ${path} ${JSON.stringify(json)}`, fields })
  assert.deepEqual(await snapshotTables(env.server, templatesTable(tenant)), before, 'nothing written')
  return answer
}

test('a Graph error on any page of the sync is 502 WHATSAPP_UPSTREAM_ERROR with Meta’s code and message, and nothing is written', async () => {
  accounts.set(WABA, { pages: [[graphTemplate('first_page', 'en_US', 'APPROVED', [bodyOf('Hi {{1}}')])], []], calls: [] })
  assert.deepEqual((await call(env.clinic, 'POST', '/api/saas/chat/templates/sync')).body.data, { created: 1, updated: 0, deleted: 0, total: 1 })

  const account: SimulatedWaba = {
    pages: [[graphTemplate('first_page', 'en_US', 'PAUSED', [bodyOf('Hi {{1}}')]), graphTemplate('new_one', 'en_US', 'APPROVED', [])], []],
    failPage: { index: 1, status: 500, code: 131000, message: '(#131000) Something went wrong' },
    calls: [],
  }
  accounts.set(WABA, account)
  const failed = await refused(env.clinic, 'POST', '/api/saas/chat/templates/sync', undefined, 502, 'WHATSAPP_UPSTREAM_ERROR', ['graph.code', 'graph.message'])
  assert.equal(account.calls.length, 2, 'the first page was read, the second failed')
  assert.deepEqual(failed.body.details, [
    { path: 'graph.code', message: '131000' },
    { path: 'graph.message', message: '(#131000) Something went wrong' },
  ])

  account.failPage = { index: 0, status: 401, code: 190, message: 'Error validating access token: Session has expired' }
  const expired = await refused(env.clinic, 'POST', '/api/saas/chat/templates/sync', undefined, 502, 'WHATSAPP_UPSTREAM_ERROR')
  assert.match(expired.body.message, /Session has expired/)
  assert.equal(expired.body.details[0].message, '190')
})

test('a sync without the token or the business account id is 422 WHATSAPP_NOT_CONFIGURED', async () => {
  await refused(env.bare, 'POST', '/api/saas/chat/templates/sync', undefined, 422, 'WHATSAPP_NOT_CONFIGURED')
  const answer = await refused(env.noAccount, 'POST', '/api/saas/chat/templates/sync', undefined, 422, 'WHATSAPP_NOT_CONFIGURED')
  assert.match(answer.body.message, /whatsappBusinessId/)
})

test('an unknown template, or language of it, is 404 TEMPLATE_NOT_FOUND on every route', async () => {
  for (const [method, path, body] of [
    ['GET', '/api/saas/chat/templates/never_synced', undefined],
    ['PUT', '/api/saas/chat/templates/never_synced/mapping', { mappings: [] }],
    ['GET', '/api/saas/chat/templates/never_synced/validate', undefined],
    ['POST', '/api/saas/chat/templates/never_synced/preview', {}],
    ['PUT', '/api/saas/chat/templates/hello_world/mapping', { language: 'fr', mappings: [] }],
    ['GET', '/api/saas/chat/templates/hello_world/validate?language=fr', undefined],
  ] as const) {
    await refused(env.sandbox, method, path, body, 404, 'TEMPLATE_NOT_FOUND')
  }
  // A name Meta would never give a template is, like any path id, one that names nothing.
  await refused(env.sandbox, 'GET', '/api/saas/chat/templates/Not-A-Name', undefined, 404, 'TEMPLATE_NOT_FOUND')
})

test('a mapping to a field its source lacks, or to a placeholder the template lacks, is 400 naming the mapping', async () => {
  const path = '/api/saas/chat/templates/appointment_confirmed/mapping'
  const lead = (field: string, variableIndex = 1) => ({ variableIndex, source: 'lead', field })
  await refused(env.sandbox, 'PUT', path, { mappings: [lead('firstName'), lead('shoeSize', 2)] }, 400, 'VALIDATION_ERROR', ['body.mappings.1.field'])
  await refused(env.sandbox, 'PUT', path, { mappings: [{ variableIndex: 1, source: 'stage', field: 'colour' }] }, 400, 'VALIDATION_ERROR', ['body.mappings.0.field'])
  await refused(env.sandbox, 'PUT', path, { mappings: [lead('constructor')] }, 400, 'VALIDATION_ERROR', ['body.mappings.0.field'])
  await refused(env.sandbox, 'PUT', path, { mappings: [lead('firstName', 4)] }, 400, 'VALIDATION_ERROR', ['body.mappings.0.variableIndex'])
  await refused(env.sandbox, 'PUT', path, { mappings: [{ ...lead('firstName'), component: 'header' }] }, 400, 'VALIDATION_ERROR', ['body.mappings.0.variableIndex'])
  await refused(env.sandbox, 'PUT', path, { mappings: [lead('firstName'), lead('lastName')] }, 400, 'VALIDATION_ERROR', ['body.mappings.1.variableIndex'])
  await refused(env.sandbox, 'PUT', '/api/saas/chat/templates/order_update/mapping', { mappings: [{ ...lead('firstName'), component: 'button' }] }, 400, 'VALIDATION_ERROR', [
    'body.mappings.0.buttonIndex',
  ])
  await refused(env.sandbox, 'PUT', path, { mappings: [{ ...lead('firstName'), source: 'orders' }] }, 400, 'VALIDATION_ERROR', ['body.mappings.0.source'])
  await refused(env.sandbox, 'PUT', path, { mappings: [], onEmptyVariable: 'default' }, 400, 'VALIDATION_ERROR', ['body.defaultValue'])
  await refused(env.sandbox, 'PUT', path, { mappings: [], onEmptyVariable: 'skip', defaultValue: 'x' }, 400, 'VALIDATION_ERROR', ['body.defaultValue'])
  await refused(env.sandbox, 'PUT', path, { mappings: [], onEmptyVariable: 'sometimes' }, 400, 'VALIDATION_ERROR', ['body.onEmptyVariable'])
})

test('a template that is not approved previews as failed and is refused by the send route with 422 TEMPLATE_NOT_APPROVED', async () => {
  const previewed = await call(env.sandbox, 'POST', '/api/saas/chat/templates/promo_pending/preview', { context: { event: { variables: { name: 'Asha' } } } })
  assert.equal(previewed.status, 200, JSON.stringify(previewed.body))
  assert.deepEqual([previewed.body.data.outcome, previewed.body.data.reason], ['failed', 'WhatsApp template promo_pending (en_US) is not approved: status PENDING'])
  const sent = await call(env.sandbox, 'POST', '/api/saas/chat/send', { to: '+919876500401', templateName: 'promo_pending', variables: ['Asha'] })
  expectRefused(sent, 422, 'TEMPLATE_NOT_APPROVED')
})

test('a preview with both a context and a lead, or of an unknown lead, is refused', async () => {
  const path = '/api/saas/chat/templates/hello_world/preview'
  await refused(env.sandbox, 'POST', path, { context: {}, leadId: 'x' }, 400, 'VALIDATION_ERROR', ['body.context', 'body.leadId'])
  await refused(env.sandbox, 'POST', path, { leadId: '00000000-0000-4000-8000-000000000000' }, 404, 'LEAD_NOT_FOUND')
  await refused(env.sandbox, 'POST', path, { context: { orders: {} } }, 400, 'VALIDATION_ERROR')
  await refused(env.sandbox, 'GET', '/api/saas/chat/collections/orders/fields', undefined, 404, 'NOT_FOUND')
})
