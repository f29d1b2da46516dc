import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { test } from 'node:test'
import { adminHeaders, request } from '../helpers/http'
import { startTestServer } from '../helpers/test-server'

test('shutdown lets an in-flight request finish, then refuses new connections', async () => {
  const server = await startTestServer()
  const body = JSON.stringify({ name: 'Slow Upload Clinic', clientCode: 'slow_upload' })
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = httpRequest(
      new URL('/api/clients', server.url),
      {
        method: 'POST',
        agent: false,
        headers: { ...adminHeaders(server), 'content-type': 'application/json', 'content-length': String(body.length) },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
      },
    )
    req.on('error', reject)
    req.write(body.slice(0, 10))
    setTimeout(() => req.end(body.slice(10)), 300)
  })
  await new Promise((resolve) => setTimeout(resolve, 100))
  const stopped = server.stop()

  const result = await answer
  assert.equal(result.status, 201, 'the request that was in flight completed')
  assert.equal(result.body.data.clientCode, 'slow_upload')
  await stopped
  await assert.rejects(request(server, 'GET', '/api/saas/health'), /ECONNREFUSED/)
})
