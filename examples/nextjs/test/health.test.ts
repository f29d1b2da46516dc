import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createEcodrixAdmin } from '@ecodrix/sdk'
import { renderToStaticMarkup } from 'react-dom/server'
import { GET } from '../app/api/ecodrix/health/route'
import IntegrationsPage from '../app/page'
import { startThrowAwayServer, type ThrowAwayServer } from '@ecodrix/server/testing'

// lib/ecodrix.ts reads the environment on every call, so each test sets the API key it needs.
let server: ThrowAwayServer
let clientCode: string
let apiKey: string
before(async () => {
  server = await startThrowAwayServer()
  const admin = createEcodrixAdmin({ baseUrl: server.url, adminKey: server.adminKey })
  const client = await admin.POST('/api/clients', { body: { name: 'Next Clinic' } })
  clientCode = client.clientCode
  apiKey = client.apiKey
  process.env.ECODRIX_API_URL = server.url
  process.env.ECODRIX_CLIENT_CODE = clientCode
})
after(() => server?.stop())

test('GET /api/ecodrix/health answers the tenant health as JSON', async () => {
  process.env.ECODRIX_API_KEY = apiKey
  const response = await GET()
  assert.equal(response.status, 200)
  assert.deepEqual(await response.json(), {
    clientCode,
    services: { whatsapp: 'not_configured', email: 'not_configured', googleMeet: 'not_configured' },
    activeAutomations: 0,
    queueDepth: 0,
  })
})

test("GET /api/ecodrix/health answers ECODrIx's status and code when ECODrIx refuses the call", async () => {
  process.env.ECODRIX_API_KEY = `${apiKey}x`
  const response = await GET()
  assert.equal(response.status, 401)
  const body = await response.json()
  assert.equal(body.code, 'UNAUTHORIZED')
  assert.ok(body.requestId)
})

test("the page lists the tenant's integration statuses", async () => {
  process.env.ECODRIX_API_KEY = apiKey
  const html = renderToStaticMarkup(await IntegrationsPage())
  assert.ok(html.includes(`Integrations of ${clientCode}`))
  for (const service of ['WhatsApp', 'Email', 'Google Meet']) {
    assert.ok(html.includes(`<th scope="row">${service}</th><td>Not configured</td>`), service)
  }
})

test('the page shows the error code when ECODrIx refuses the call', async () => {
  process.env.ECODRIX_API_KEY = `${apiKey}x`
  const html = renderToStaticMarkup(await IntegrationsPage())
  assert.match(html, /<p role="alert">The ECODrIx call failed: UNAUTHORIZED \(.+\)\. Request ID: [\w-]+\.<\/p>/)
})
