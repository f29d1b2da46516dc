import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sendJson, startServer, tenantClient } from './server'

test('times out a server that never answers', async (t) => {
  const server = await startServer(t, () => {})
  const started = performance.now()
  await assert.rejects(tenantClient(server, { timeoutMs: 100, maxRetries: 0 }).GET('/api/saas/health'), {
    name: 'EcodrixError',
    status: 0,
    code: 'TIMEOUT',
  })
  assert.ok(performance.now() - started < 1000)
  assert.equal(server.requests.length, 1)
})

test('gives each retry its own timeout', async (t) => {
  const server = await startServer(t, (_req, res, nth) => {
    if (nth === 2) sendJson(res, 200, { success: true, data: { origins: [] } })
  })
  await tenantClient(server, { timeoutMs: 100 }).GET('/api/saas/cors')
  assert.equal(server.requests.length, 2)
})

test('times out a body that stalls after the headers', async (t) => {
  const server = await startServer(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"success":true,')
  })
  await assert.rejects(tenantClient(server, { timeoutMs: 100, maxRetries: 1 }).GET('/api/saas/health'), {
    code: 'TIMEOUT',
  })
  assert.equal(server.requests.length, 2)
})

test("the caller's signal aborts without retrying", async (t) => {
  const server = await startServer(t, () => {})
  const controller = new AbortController()
  setTimeout(() => controller.abort(), 50)
  await assert.rejects(
    tenantClient(server, { timeoutMs: 5_000 }).GET('/api/saas/health', { signal: controller.signal }),
    { name: 'AbortError' },
  )
  assert.equal(server.requests.length, 1)
})

test("the caller's signal also interrupts the wait between retries", async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 503, {}, { 'retry-after': '30' }))
  const started = performance.now()
  await assert.rejects(tenantClient(server).GET('/api/saas/health', { signal: AbortSignal.timeout(100) }), {
    name: 'TimeoutError',
  })
  assert.ok(performance.now() - started < 1000)
  assert.equal(server.requests.length, 1)
})
