// Generated operation methods: how their argument becomes the request, and what their result carries.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type components, createEcodrixAdmin, EcodrixError } from '../src/index'
import { assertSameType, sendJson, startServer, tenantClient } from './server'

type Schemas = components['schemas']

const ok = (data: unknown) => ({ success: true, data })

test('path parameters fill the path, the other fields go to the query', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, ok([])))
  const erix = tenantClient(server)
  await erix.leads.listInStage({ pipelineId: 'p 1', stageId: 's1', limit: 5 })
  await erix.leads.list({ search: 'asha', limit: 2 })
  await erix.leads.list()
  assert.deepEqual(
    server.requests.map(({ method, url }) => `${method} ${url}`),
    ['GET /api/crm/pipelines/p%201/stages/s1/leads?limit=5', 'GET /api/crm/leads?search=asha&limit=2', 'GET /api/crm/leads'],
  )
})

test('an operation without parameters takes its body as the argument; others take `body` beside them', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, ok({})))
  const erix = tenantClient(server)
  await erix.workflows.trigger({ trigger: 'order.placed', phone: '+919876543210' })
  await erix.leads.update({ leadId: 'l1', body: { firstName: 'Asha' } })
  const [trigger, update] = server.requests
  assert.equal(trigger?.url, '/api/saas/workflows/trigger')
  assert.deepEqual(JSON.parse(trigger?.body ?? ''), { trigger: 'order.placed', phone: '+919876543210' })
  assert.equal(`${update?.method} ${update?.url}`, 'PATCH /api/crm/leads/l1')
  assert.deepEqual(JSON.parse(update?.body ?? ''), { firstName: 'Asha' })
})

test('an operation that takes an Idempotency-Key sends one, the same on every retry, unless given', async (t) => {
  const server = await startServer(t, (_req, res, nth) =>
    nth === 1 ? sendJson(res, 503, { success: false, message: 'busy', code: 'UNAVAILABLE' }) : sendJson(res, 200, ok({})),
  )
  const erix = tenantClient(server)
  await erix.workflows.trigger({ trigger: 'order.placed', phone: '+919876543210' })
  await erix.chat.send({ to: '+919876543210', text: 'hi' }, { idempotencyKey: 'mine' })
  const [first, retry, given] = server.requests
  assert.match(String(first?.headers['idempotency-key']), /^[0-9a-f-]{36}$/)
  assert.equal(retry?.headers['idempotency-key'], first?.headers['idempotency-key'])
  assert.equal(given?.headers['idempotency-key'], 'mine')
})

test('results give their raw response and request id through withResponse(), from one request', async (t) => {
  const health: Schemas['Health'] = { status: 'ok', uptime: 1, db: 'connected' }
  const server = await startServer(t, (_req, res) => sendJson(res, 200, ok(health), { 'x-request-id': 'req-42' }))
  const erix = tenantClient(server)
  const { data, response, requestId } = await erix.health.get().withResponse()
  assertSameType<typeof data, Schemas['Health']>(true)
  assert.deepEqual(data, health)
  assert.equal(response.status, 200)
  assert.equal(requestId, 'req-42')
  assert.deepEqual(await erix.health.get(), health)
  assert.equal((await erix.GET('/api/saas/health').withResponse()).requestId, 'req-42')
  assert.equal(server.requests.length, 3)
})

test('a failed call rejects with EcodrixError, awaited or through withResponse()', async (t) => {
  const server = await startServer(t, (_req, res) =>
    sendJson(res, 404, { success: false, message: 'Lead not found', code: 'LEAD_NOT_FOUND' }),
  )
  const erix = tenantClient(server)
  await assert.rejects(erix.leads.get({ leadId: 'nope' }), { name: 'EcodrixError', status: 404 })
  await assert.rejects(erix.leads.get({ leadId: 'nope' }).withResponse(), (error) => error instanceof EcodrixError)
})

test('admin operations are on the admin client, with the admin key', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, ok({ clientCode: 'acme' })))
  const admin = createEcodrixAdmin({ baseUrl: server.baseUrl, adminKey: 'admin-secret' })
  await admin.clients.get({ code: 'acme' })
  const [request] = server.requests
  assert.equal(`${request?.method} ${request?.url}`, 'GET /api/clients/acme')
  assert.equal(request?.headers.authorization, 'Bearer admin-secret')
  // @ts-expect-error tenant operations are not on the admin client
  assert.equal(admin.leads, undefined)
  // @ts-expect-error admin operations are not on the tenant client
  assert.equal(tenantClient(server).clients, undefined)
})

test('arguments are type-checked per operation', () => {
  const erix = tenantClient({ baseUrl: 'http://127.0.0.1:9', requests: [] })
  // @ts-expect-error leadId is required
  void erix.leads.get({}).catch(() => {})
  // @ts-expect-error an unknown query parameter
  void erix.leads.list({ serch: 'x' }).catch(() => {})
  assert.equal(typeof erix.realtime, 'function')
  assert.equal(typeof erix.realtime.createToken, 'function')
})
