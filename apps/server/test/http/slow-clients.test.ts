import assert from 'node:assert/strict'
import { once } from 'node:events'
import { Agent, request as httpRequest } from 'node:http'
import { connect, type Socket } from 'node:net'
import { test } from 'node:test'
import { createTenant } from '../helpers/tenants'
import { startTestServer, testConfig } from '../helpers/test-server'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

// A headers timeout far below the default (10 s), so a client the server did not cut would still
// be open when the test gives up.
const env = useTestServer({ tenants: { tenant: 'Slow Clinic' }, config: { http: { ...testConfig().http, headersTimeoutMs: 500 } } })

interface SlowClient {
  socket: Socket
  received: () => string
  closed: Promise<void>
}

/** A raw connection that sends `opening`, then one more `drip` every 100 ms until the server closes it. */
function slowClient(opening: string, drip: string, url = env.server.url): SlowClient {
  const { port } = new URL(url)
  const socket = connect(Number(port), '127.0.0.1')
  let received = ''
  socket.on('data', (chunk) => (received += chunk))
  socket.on('error', () => undefined)
  // Written before the first drip: a socket still connecting queues writes in order.
  if (opening) socket.write(opening)
  const timer = setInterval(() => drip && socket.writable && socket.write(drip), 100)
  const closed = once(socket, 'close').then(() => clearInterval(timer))
  return { socket, received: () => received, closed }
}

test('120 clients trickling their headers, and one that sends nothing, are closed by the server with 408', async () => {
  const trickling = Array.from({ length: 120 }, (_, n) => slowClient(`GET /api/saas/health HTTP/1.1\r\nHost: slow-${n}\r\n`, 'X-Slow: 1\r\n'))
  const silent = slowClient('', '')
  const clients = [...trickling, silent]
  await waitFor('the server to close every slow connection', async () => {
    const open = clients.filter((client) => !client.socket.destroyed)
    return open.length === 0
  })
  await Promise.all(clients.map((client) => client.closed))
  for (const client of trickling) assert.match(client.received(), /^HTTP\/1\.1 408 /)
})

test('a body trickled past the request timeout is cut off with 408', async () => {
  const server = await startTestServer({ http: { ...testConfig().http, headersTimeoutMs: 500, requestTimeoutMs: 1_000 } })
  try {
    const tenant = await createTenant(server)
    const headers = Object.entries({ ...tenant.headers, 'content-type': 'application/json', 'content-length': '100000' })
    const client = slowClient(`POST /api/crm/leads HTTP/1.1\r\nHost: slow\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`, ' ', server.url)
    await client.closed
    assert.match(client.received(), /^HTTP\/1\.1 408 /)
  } finally {
    await server.stop()
  }
})

const mebibytes = (count: number) => count * 1024 * 1024

/** Writes `bytes` of JSON whitespace to a tenant route, honouring backpressure; answers the reply and any error the upload met. */
async function upload(agent: Agent, bytes: number, options: { chunked: boolean }) {
  const req = httpRequest(new URL('/api/crm/leads', env.server.url), {
    method: 'POST',
    agent,
    headers: { ...env.tenant.headers, 'content-type': 'application/json', ...(options.chunked ? {} : { 'content-length': String(bytes) }) },
  })
  let answered = false
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => {
        answered = true
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) })
      })
      res.on('error', reject)
    })
  })
  answer.catch(() => undefined)
  let uploadError: string | undefined
  try {
    const chunk = Buffer.alloc(64 * 1024, ' ')
    // Node's client stops emitting 'drain' once a whole answer is in, so past it the rest is
    // handed over at once: the client keeps sending, as one that reads its answer last would.
    for (let sent = 0; sent < bytes; sent += chunk.length) if (!req.write(chunk) && !answered) await Promise.race([once(req, 'drain'), answer])
    req.end()
    await once(req, 'finish')
  } catch (error) {
    uploadError = (error as NodeJS.ErrnoException).code ?? String(error)
  }
  return { ...(await answer), uploadError }
}

for (const chunked of [false, true]) {
  test(`50 MiB uploads (${chunked ? 'chunked' : 'with Content-Length'}) are answered 413 in the envelope, and the connection stays usable`, async () => {
    const agents = Array.from({ length: 3 }, () => new Agent({ keepAlive: true, maxSockets: 1 }))
    try {
      const results = await Promise.all(agents.map((agent) => upload(agent, mebibytes(50), { chunked })))
      for (const result of results) {
        assert.equal(result.uploadError, undefined, 'the whole upload was written: no EPIPE or reset')
        assert.equal(result.status, 413)
        assert.equal(result.body.success, false)
        assert.equal(result.body.code, 'PAYLOAD_TOO_LARGE')
      }
      // The rest of each body was read and dropped, so the same connection serves the next request.
      for (const agent of agents) {
        const health = await new Promise<{ status: number; reusedSocket: boolean }>((resolve, reject) => {
          const req = httpRequest(new URL('/api/saas/health', env.server.url), { agent }, (res) => {
            res.resume()
            res.on('end', () => resolve({ status: res.statusCode ?? 0, reusedSocket: req.reusedSocket }))
          })
          req.on('error', reject)
          req.end()
        })
        assert.deepEqual(health, { status: 200, reusedSocket: true })
      }
    } finally {
      for (const agent of agents) agent.destroy()
    }
  })
}
