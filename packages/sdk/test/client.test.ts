import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type components, createEcodrixAdmin } from '../src/index'
import { assertSameType, sendJson, startServer, tenantClient } from './server'

type Schemas = components['schemas']

const health: Schemas['Health'] = { status: 'ok', uptime: 12, db: 'connected' }

test('resolves to the envelope data', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, { success: true, data: health }))
  const result = await tenantClient(server).GET('/api/saas/health')
  assertSameType<typeof result, Schemas['Health']>(true)
  assert.deepEqual(result, health)
})

test('sends the tenant credentials', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, { success: true, data: { origins: [] } }))
  await tenantClient(server, { headers: { 'x-trace': 'on' } }).GET('/api/saas/cors')
  const [request] = server.requests
  assert.equal(request?.headers['x-api-key'], 'ecx_test_key')
  assert.equal(request?.headers['x-client-code'], 'acme')
  assert.equal(request?.headers['x-trace'], 'on')
  assert.equal(request?.headers.authorization, undefined)
})

test('sends the admin key as a bearer token', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, { success: true, data: [] }))
  const admin = createEcodrixAdmin({ baseUrl: server.baseUrl, adminKey: 'admin-secret' })
  await admin.GET('/api/clients')
  const [request] = server.requests
  assert.equal(request?.headers.authorization, 'Bearer admin-secret')
  assert.equal(request?.headers['x-api-key'], undefined)
})

test('fills path parameters and sends the JSON body', async (t) => {
  const server = await startServer(t, (_req, res) =>
    sendJson(res, 200, { success: true, data: { clientCode: 'acme', apiKey: 'ecx_new', previousKeysExpireAt: 'x' } }),
  )
  const rotated = await tenantClient(server).POST('/api/clients/{code}/api-keys/rotate', {
    params: { path: { code: 'acme' } },
    body: { gracePeriodSeconds: 60 },
  })
  assertSameType<typeof rotated, Schemas['RotatedApiKey']>(true)
  assert.equal(rotated.apiKey, 'ecx_new')
  const [request] = server.requests
  assert.equal(request?.method, 'POST')
  assert.equal(request?.url, '/api/clients/acme/api-keys/rotate')
  assert.equal(request?.headers['content-type'], 'application/json')
  assert.deepEqual(JSON.parse(request?.body ?? ''), { gracePeriodSeconds: 60 })
})

test('returns bodies that are not envelopes whole', async (t) => {
  const document = { openapi: '3.1.0', info: {}, paths: {} }
  const server = await startServer(t, (_req, res) => sendJson(res, 200, document))
  assert.deepEqual(await tenantClient(server).GET('/openapi.json'), document)
})

test('raw exposes the whole envelope and the response', async (t) => {
  const server = await startServer(t, (_req, res) =>
    sendJson(res, 200, { success: true, data: health }, { 'x-request-id': 'req-1' }),
  )
  const { data, response } = await tenantClient(server).raw.GET('/api/saas/health')
  assert.deepEqual(data, { success: true, data: health })
  assert.equal(response.headers.get('x-request-id'), 'req-1')
})

test('calls that break the contract do not compile', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 200, { success: true, data: null }))
  const erix = tenantClient(server)
  // @ts-expect-error `code` is a required path parameter
  await erix.GET('/api/clients/{code}')
  // @ts-expect-error creating a client needs a body
  await erix.POST('/api/clients')
  // @ts-expect-error unknown option
  await erix.GET('/api/saas/health', { idempotencyKee: true })
  // @ts-expect-error the secrets endpoint has no GET
  await erix.GET('/api/clients/{code}/secrets', { params: { path: { code: 'acme' } } })
  // @ts-expect-error health is not a paginated list
  await erix.page('/api/saas/health')
  assert.equal(server.requests.length, 5)
})
