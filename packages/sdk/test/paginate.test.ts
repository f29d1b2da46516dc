import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { components, Page } from '../src/index'
import { assertSameType, sendJson, startServer, tenantClient } from './server'

type Client = components['schemas']['Client']

const secrets = {
  whatsappToken: false,
  whatsappBusinessId: false,
  whatsappPhoneNumberId: false,
  whatsappWebhookToken: false,
  whatsappAppSecret: false,
  whatsappMessagesPerSecond: false,
  smtpHost: false,
  smtpPort: false,
  smtpUser: false,
  smtpPass: false,
  smtpFrom: false,
  automationWebhookSecret: true,
  googleRefreshToken: false,
}
const clients: Client[] = Array.from({ length: 5 }, (_, i) => ({
  clientCode: `tenant_${i + 1}`,
  name: `Tenant ${i + 1}`,
  status: 'active',
  defaultCountry: 'IN',
  createdAt: '2026-03-01T10:00:00.000Z',
  secrets,
  datasource: null,
  corsOrigins: [],
}))

/** Serves `clients` two per page: 3 pages. */
async function startListServer(t: Parameters<typeof startServer>[0]) {
  return startServer(t, (req, res) => {
    const query = new URL(req.url, 'http://localhost').searchParams
    const page = Number(query.get('page') ?? 1)
    const limit = Number(query.get('limit') ?? 2)
    const data = clients.slice((page - 1) * limit, page * limit)
    sendJson(res, 200, {
      success: true,
      data,
      total: clients.length,
      page,
      limit,
      totalPages: Math.ceil(clients.length / limit),
    })
  })
}

test('page() returns the items with their counts', async (t) => {
  const server = await startListServer(t)
  const page = await tenantClient(server).page('/api/clients', { params: { query: { page: 2, limit: 2 } } })
  assertSameType<typeof page, Page<Client>>(true)
  assert.deepEqual(page, { data: clients.slice(2, 4), total: 5, page: 2, limit: 2, totalPages: 3 })
})

test('GET on a list resolves to its items', async (t) => {
  const server = await startListServer(t)
  const items = await tenantClient(server).GET('/api/clients', { params: { query: { limit: 2 } } })
  assertSameType<typeof items, Client[]>(true)
  assert.deepEqual(items, clients.slice(0, 2))
})

test('paginate() walks every page', async (t) => {
  const server = await startListServer(t)
  const seen: string[] = []
  for await (const client of tenantClient(server).paginate('/api/clients', { params: { query: { limit: 2 } } })) {
    assertSameType<typeof client, Client>(true)
    seen.push(client.clientCode)
  }
  assert.deepEqual(
    seen,
    clients.map((client) => client.clientCode),
  )
  assert.deepEqual(
    server.requests.map((request) => request.url),
    ['/api/clients?limit=2&page=1', '/api/clients?limit=2&page=2', '/api/clients?limit=2&page=3'],
  )
})

test('paginate() starts from the requested page and stops when the consumer does', async (t) => {
  const server = await startListServer(t)
  const erix = tenantClient(server)
  for await (const client of erix.paginate('/api/clients', { params: { query: { page: 2, limit: 2 } } })) {
    assert.equal(client.clientCode, 'tenant_3')
    break
  }
  assert.deepEqual(
    server.requests.map((request) => request.url),
    ['/api/clients?page=2&limit=2'],
  )
})
