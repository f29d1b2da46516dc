import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EcodrixError, isEcodrixError } from '../src/index'
import { sendJson, startServer, tenantClient } from './server'

test('throws the error envelope as an EcodrixError', async (t) => {
  const envelope = {
    success: false,
    message: 'body.name: Required',
    code: 'VALIDATION_ERROR',
    requestId: 'req-42',
    details: [{ path: 'body.name', message: 'Required' }],
  }
  const server = await startServer(t, (_req, res) => sendJson(res, 400, envelope, { 'x-request-id': 'req-42' }))
  const error = await tenantClient(server)
    .POST('/api/clients', { body: { name: '' } })
    .catch((caught: unknown) => caught)
  assert.ok(error instanceof EcodrixError)
  assert.ok(isEcodrixError(error))
  assert.equal(error.name, 'EcodrixError')
  assert.equal(error.status, 400)
  assert.equal(error.code, 'VALIDATION_ERROR')
  assert.equal(error.message, 'body.name: Required')
  assert.equal(error.requestId, 'req-42')
  assert.deepEqual(error.details, envelope.details)
})

test('names a non-JSON failure by its status and keeps the request id header', async (t) => {
  const server = await startServer(t, (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html', 'x-request-id': 'req-7' })
    res.end('<h1>Not here</h1>')
  })
  await assert.rejects(tenantClient(server).GET('/api/saas/health'), {
    name: 'EcodrixError',
    status: 404,
    code: 'HTTP_404',
    requestId: 'req-7',
  })
})

test('does not retry client errors', async (t) => {
  const server = await startServer(t, (_req, res) =>
    sendJson(res, 401, { success: false, message: 'Invalid or missing credentials', code: 'UNAUTHORIZED' }),
  )
  await assert.rejects(tenantClient(server).GET('/api/saas/health/client'), { status: 401, code: 'UNAUTHORIZED' })
  assert.equal(server.requests.length, 1)
})

test('isEcodrixError recognises errors from another copy of the SDK', () => {
  const foreign = Object.assign(new Error('boom'), { name: 'EcodrixError', status: 500, code: 'INTERNAL' })
  assert.ok(isEcodrixError(foreign))
  assert.ok(!isEcodrixError(new Error('boom')))
  assert.ok(!isEcodrixError({ name: 'EcodrixError', status: 500, code: 'INTERNAL' }))
})
