import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { ecodrixErrorHandler, ecodrixHandler, ecodrixHandlers, specExample } from '@ecodrix/sdk/testing'
import { setupServer } from 'msw/node'
import { renderToStaticMarkup } from 'react-dom/server'
import { GET } from '../app/api/ecodrix/health/route'
import IntegrationsPage from '../app/page'

// ECODrIx is mocked at the network edge by the SDK's testing kit: every operation answers the
// spec's example unless a test says otherwise.
const server = setupServer(...ecodrixHandlers())
before(() => {
  server.listen({ onUnhandledRequest: 'error' })
  process.env.ECODRIX_API_URL = 'http://ecodrix.test'
  process.env.ECODRIX_CLIENT_CODE = 'next_clinic'
  process.env.ECODRIX_API_KEY = 'ecx_test'
})
afterEach(() => server.resetHandlers())
after(() => server.close())

const notConfigured = {
  ...specExample('GET', '/api/saas/health/client'),
  clientCode: 'next_clinic',
  services: { whatsapp: 'not_configured', email: 'not_configured', googleMeet: 'not_configured' },
  activeAutomations: 0,
  queueDepth: 0,
} as const
const refused = ecodrixErrorHandler('GET', '/api/saas/health/client', { status: 401, code: 'UNAUTHORIZED', message: 'Invalid API key' })

test('GET /api/ecodrix/health answers the tenant health as JSON', async () => {
  server.use(ecodrixHandler('GET', '/api/saas/health/client', notConfigured))
  const response = await GET()
  assert.equal(response.status, 200)
  assert.deepEqual(await response.json(), notConfigured)
})

test("GET /api/ecodrix/health answers ECODrIx's status and code when ECODrIx refuses the call", async () => {
  server.use(refused)
  const response = await GET()
  assert.equal(response.status, 401)
  const body = await response.json()
  assert.equal(body.code, 'UNAUTHORIZED')
  assert.ok(body.requestId)
})

test("the page lists the tenant's integration statuses", async () => {
  server.use(ecodrixHandler('GET', '/api/saas/health/client', notConfigured))
  const html = renderToStaticMarkup(await IntegrationsPage())
  assert.ok(html.includes('Integrations of next_clinic'))
  for (const service of ['WhatsApp', 'Email', 'Google Meet']) {
    assert.ok(html.includes(`<th scope="row">${service}</th><td>Not configured</td>`), service)
  }
})

test('the page shows the error code when ECODrIx refuses the call', async () => {
  server.use(refused)
  const html = renderToStaticMarkup(await IntegrationsPage())
  assert.match(html, /<p role="alert">The ECODrIx call failed: UNAUTHORIZED \(.+\)\. Request ID: [\w-]+\.<\/p>/)
})
