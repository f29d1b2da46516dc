import assert from 'node:assert/strict'
import { test } from 'node:test'
import { retryAfterMs } from '../src/delay'
import { isEcodrixError } from '../src/index'
import { sendJson, startServer, tenantClient } from './server'

const unavailable = { success: false, message: 'Database unreachable', code: 'DB_UNAVAILABLE' }
const created = { clientCode: 'acme', name: 'Acme', apiKey: 'ecx_1', webhookSecret: 'f00d', createdAt: 'x' }

test('retries 503 until the server recovers', async (t) => {
  const server = await startServer(t, (_req, res, nth) =>
    nth <= 2
      ? sendJson(res, 503, unavailable)
      : sendJson(res, 200, { success: true, data: { origins: ['https://a.example'] } }),
  )
  const result = await tenantClient(server).GET('/api/saas/cors')
  assert.deepEqual(result, { origins: ['https://a.example'] })
  assert.equal(server.requests.length, 3)
})

test('gives up after maxRetries and throws the last answer', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 503, unavailable))
  await assert.rejects(tenantClient(server, { maxRetries: 3 }).GET('/api/saas/health'), {
    status: 503,
    code: 'DB_UNAVAILABLE',
  })
  assert.equal(server.requests.length, 4)
})

test('waits as long as Retry-After says on 429', async (t) => {
  const server = await startServer(t, (_req, res, nth) =>
    nth === 1
      ? sendJson(res, 429, { success: false, message: 'Slow down', code: 'RATE_LIMITED' }, { 'retry-after': '1' })
      : sendJson(res, 200, { success: true, data: { origins: [] } }),
  )
  const started = performance.now()
  await tenantClient(server).GET('/api/saas/cors')
  const elapsed = performance.now() - started
  assert.equal(server.requests.length, 2)
  assert.ok(elapsed >= 950, `retried after ${Math.round(elapsed)} ms`)
})

test('does not block for a Retry-After beyond a minute', async (t) => {
  const server = await startServer(t, (_req, res) =>
    sendJson(res, 429, { success: false, message: 'Slow down', code: 'RATE_LIMITED' }, { 'retry-after': '3600' }),
  )
  await assert.rejects(tenantClient(server).GET('/api/saas/cors'), { status: 429, code: 'RATE_LIMITED' })
  assert.equal(server.requests.length, 1)
})

test('reads Retry-After as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-03-01T10:00:00Z')
  assert.equal(retryAfterMs('2', now), 2000)
  assert.equal(retryAfterMs('Sun, 01 Mar 2026 10:00:03 GMT', now), 3000)
  assert.equal(retryAfterMs('Sun, 01 Mar 2026 09:00:00 GMT', now), 0)
  assert.equal(retryAfterMs('soon', now), undefined)
  assert.equal(retryAfterMs(null, now), undefined)
})

test('retries network errors, then reports NETWORK_ERROR', async (t) => {
  const server = await startServer(t, (_req, res) => res.destroy())
  const error = await tenantClient(server, { maxRetries: 2 })
    .GET('/api/saas/health')
    .catch((caught: unknown) => caught)
  assert.ok(isEcodrixError(error))
  assert.equal(error.status, 0)
  assert.equal(error.code, 'NETWORK_ERROR')
  assert.ok(error.cause instanceof Error, 'keeps the underlying failure as cause')
  assert.equal(server.requests.length, 3)
})

test('recovers from a dropped connection', async (t) => {
  const server = await startServer(t, (_req, res, nth) =>
    nth === 1 ? res.destroy() : sendJson(res, 200, { success: true, data: { origins: [] } }),
  )
  assert.deepEqual(await tenantClient(server).DELETE('/api/saas/cors', { body: { url: 'https://a.example' } }), {
    origins: [],
  })
  assert.equal(server.requests.length, 2)
  assert.deepEqual(
    server.requests.map((request) => request.body),
    ['{"url":"https://a.example"}', '{"url":"https://a.example"}'],
  )
})

test('does not retry a POST without an idempotency key', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 503, unavailable))
  await assert.rejects(tenantClient(server).POST('/api/clients', { body: { name: 'Acme' } }), { status: 503 })
  assert.equal(server.requests.length, 1)
  assert.equal(server.requests[0]?.headers['idempotency-key'], undefined)
})

test('idempotencyKey: true sends one generated key on every retry of a POST', async (t) => {
  const server = await startServer(t, (_req, res, nth) =>
    nth <= 2 ? res.destroy() : sendJson(res, 201, { success: true, data: created }),
  )
  const erix = tenantClient(server)
  assert.deepEqual(await erix.POST('/api/clients', { body: { name: 'Acme' }, idempotencyKey: true }), created)
  const keys = server.requests.map((request) => request.headers['idempotency-key'])
  assert.equal(keys.length, 3)
  assert.match(String(keys[0]), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.equal(new Set(keys).size, 1)
  assert.ok(server.requests.every((request) => request.body === '{"name":"Acme"}'))

  await erix.POST('/api/clients', { body: { name: 'Acme' }, idempotencyKey: true })
  assert.notEqual(server.requests[3]?.headers['idempotency-key'], keys[0], 'each call gets its own key')
})

test('a caller-chosen idempotency key is sent as is and makes a POST retryable', async (t) => {
  const server = await startServer(t, (_req, res, nth) =>
    nth === 1
      ? sendJson(res, 500, { success: false, message: 'Internal server error', code: 'INTERNAL' })
      : sendJson(res, 201, { success: true, data: created }),
  )
  await tenantClient(server).POST('/api/clients', { body: { name: 'Acme' }, idempotencyKey: 'order-981' })
  assert.deepEqual(
    server.requests.map((request) => request.headers['idempotency-key']),
    ['order-981', 'order-981'],
  )
})
