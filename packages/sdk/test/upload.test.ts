import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sendJson, startServer, tenantClient } from './server'

const uploaded = { url: 'http://localhost:3000/api/saas/chat/media/acme/q1w2e3r4t5y6u7i8o9p0aA.png', mimeType: 'image/png', size: 68, width: 1, height: 1 }

test('uploadMedia posts the bytes as multipart field file, with an idempotency key, and resolves to the stored media', async (t) => {
  const server = await startServer(t, (_req, res) => sendJson(res, 201, { success: true, data: uploaded }))
  // ASCII bytes: the test server reads bodies as text.
  const bytes = new TextEncoder().encode('GIF89a\x01\x00\x01\x00')
  const media = await tenantClient(server).uploadMedia(bytes, { filename: 'photo.gif' })
  assert.deepEqual(media, uploaded)

  const [request] = server.requests
  assert.equal(request?.method, 'POST')
  assert.equal(request?.url, '/api/saas/chat/upload')
  const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(request?.headers['content-type'] ?? '')?.[1]
  assert.ok(boundary, `content-type ${request?.headers['content-type']}`)
  assert.match(request?.headers['idempotency-key'] as string, /^[0-9a-f-]{36}$/)
  const form = await new Response(request!.body, { headers: { 'content-type': request!.headers['content-type']! } }).formData()
  const file = form.get('file') as File
  assert.equal(file.name, 'photo.gif')
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), bytes)
})

test('uploadMedia retries a 503 with the same key and the same body', async (t) => {
  const server = await startServer(t, (_req, res, nth) =>
    nth === 1 ? sendJson(res, 503, { success: false, code: 'DB_UNAVAILABLE', message: 'down' }) : sendJson(res, 201, { success: true, data: uploaded }),
  )
  await tenantClient(server).uploadMedia(new Blob(['hello'], { type: 'text/plain' }), { idempotencyKey: 'upload-1' })
  assert.equal(server.requests.length, 2)
  assert.deepEqual(server.requests.map((request) => request.headers['idempotency-key']), ['upload-1', 'upload-1'])
  assert.equal(server.requests[0]?.body, server.requests[1]?.body)
})
