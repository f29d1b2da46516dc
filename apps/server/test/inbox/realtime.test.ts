import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, afterEach, test } from 'node:test'
import { sql } from 'kysely'
import pino from 'pino'
import { publishRealtime, type RealtimeFrame } from '../../src/platform/realtime/publish'
import { REALTIME_LISTENER_NAME } from '../../src/platform/realtime/realtime'
import { type RunningServer, startServer } from '../../src/server'
import { expectRefused, request } from '../helpers/http'
import { connectSocket, refusedUpgrade, type TestSocket } from '../helpers/realtime-socket'
import { createTenant, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

/** A second API node on the same database: quick heartbeats, tokens that expire in a second. */
let nodeB: RunningServer & { url: string }
const env = useTestServer({
  tenants: { clinic: 'Realtime Clinic', other: 'Other Clinic' },
  config: { realtime: { heartbeatMs: 30_000, maxSocketsPerTenant: 3, maxBufferedBytes: 64 * 1024, tokenTtlMs: 60_000 } },
  async seed() {
    const config = { ...env.server.config, role: 'api' as const, realtime: { ...env.server.config.realtime, heartbeatMs: 200, tokenTtlMs: 1_000 } }
    const started = await startServer(config, { logger: pino({ level: 'silent' }) })
    nodeB = { ...started, url: started.url! }
  },
})
after(() => nodeB?.stop())

/** Each test's sockets are closed after it: a tenant may hold only three on a node here. */
const opened: TestSocket[] = []
afterEach(() => opened.splice(0).forEach((socket) => socket.ws.terminate()))
const connectAs = async (...args: Parameters<typeof connectSocket>) => {
  const socket = await connectSocket(...args)
  opened.push(socket)
  return socket
}

const conversationUpdated = (id: string, extra: Record<string, unknown> = {}): RealtimeFrame => ({
  type: 'conversation:updated',
  data: { id, phone: '+919876543210', unreadCount: 1, ...extra },
})
const publish = (tenant: TestTenant, frame: RealtimeFrame, server: RunningServer = env.server) => publishRealtime(server.platform, tenant.clientCode, frame)
const issueToken = async (tenant: TestTenant, server: { url: string } = env.server) => {
  const issued = await request(server, 'POST', '/api/saas/realtime/token', { headers: tenant.headers })
  assert.equal(issued.status, 200, JSON.stringify(issued.body))
  return issued.body.data as { token: string; expiresAt: string }
}
const allowOrigin = async (tenant: TestTenant, url: string) => {
  const added = await request(env.server, 'POST', '/api/saas/cors', { headers: tenant.headers, json: { url } })
  assert.ok(added.status === 201 || added.status === 200, JSON.stringify(added.body))
}

test('header authentication: the socket receives the tenant frames as {type, data}, in order, small and big alike', async () => {
  const socket = await connectAs(env.server, { headers: env.clinic.headers })
  // Past NOTIFY's 8,000-byte payload: the frame goes through realtime_frames, and keeps its place.
  const big = conversationUpdated('conv-big', { lastMessagePreview: 'नमस्ते 👋 '.repeat(2_000) })
  await publish(env.clinic, conversationUpdated('conv-1'))
  await publish(env.clinic, big)
  await publish(env.clinic, { type: 'conversation:deleted', data: { id: 'conv-1' } })
  await waitFor('three frames', () => socket.frames.length === 3)
  assert.deepEqual(socket.frames, [conversationUpdated('conv-1'), big, { type: 'conversation:deleted', data: { id: 'conv-1' } }])
})

test('token authentication: a browser page connects with ?token= from an allowed origin, without the API key', async () => {
  await allowOrigin(env.clinic, 'https://inbox.clinic.example')
  const { token, expiresAt } = await issueToken(env.clinic)
  assert.ok(Date.parse(expiresAt) > Date.now() && Date.parse(expiresAt) <= Date.now() + 60_000)
  assert.ok(!token.includes(env.clinic.apiKey))
  const socket = await connectAs(env.server, { token, origin: 'https://inbox.clinic.example' })
  await publish(env.clinic, conversationUpdated('conv-2'))
  assert.deepEqual(await socket.frame('the frame', (frame) => frame.data.id === 'conv-2'), conversationUpdated('conv-2'))
  // Signed with the master key every node shares: a token issued on one node connects on another.
  const onB = await connectAs(nodeB, { token: (await issueToken(env.clinic)).token })
  await publish(env.clinic, conversationUpdated('conv-3'))
  await onB.frame('the frame on node B', (frame) => frame.data.id === 'conv-3')
})

test('refused upgrades answer the error envelope before upgrading: wrong key, bad, altered or expired token, foreign origin', async () => {
  const refusals: [string, Parameters<typeof refusedUpgrade>[1], number, string][] = [
    ['no credentials', {}, 401, 'UNAUTHORIZED'],
    ['a wrong API key', { headers: { ...env.clinic.headers, 'x-api-key': `${env.clinic.apiKey}x` } }, 401, 'UNAUTHORIZED'],
    ["another tenant's key", { headers: { ...env.clinic.headers, 'x-api-key': env.other.apiKey } }, 401, 'UNAUTHORIZED'],
    ['a made-up token', { token: 'not-a-token' }, 401, 'UNAUTHORIZED'],
    ['an origin the tenant did not allow', { headers: env.clinic.headers, origin: 'https://evil.example' }, 403, 'FORBIDDEN'],
  ]
  const { token } = await issueToken(env.clinic)
  const [, expiry, signature] = token.split('.')
  refusals.push(['a token altered to name another tenant', { token: `${env.other.clientCode}.${expiry}.${signature}` }, 401, 'UNAUTHORIZED'])
  refusals.push(['a token with a later expiry', { token: `${env.clinic.clientCode}.${Number(expiry) + 60_000}.${signature}` }, 401, 'UNAUTHORIZED'])
  await allowOrigin(env.other, 'https://other.example')
  refusals.push(["an origin only another tenant allowed", { token, origin: 'https://other.example' }, 403, 'FORBIDDEN'])
  for (const [where, options, status, code] of refusals) {
    const refused = await refusedUpgrade(env.server, options)
    expectRefused(refused, status, code, { where })
    assert.equal(refused.headers['x-request-id'], refused.body.requestId, where)
  }

  const expiring = await issueToken(env.clinic, nodeB)
  await waitFor('the token to expire', () => Date.now() > Date.parse(expiring.expiresAt) + 10)
  expectRefused(await refusedUpgrade(nodeB, { token: expiring.token }), 401, 'UNAUTHORIZED', { where: 'an expired token' })
})

test('a plain GET answers 426 with Upgrade: websocket; a malformed handshake answers 400 in the envelope', async () => {
  const plain = await request(env.server, 'GET', '/api/saas/realtime', { headers: env.clinic.headers })
  expectRefused(plain, 426, 'UPGRADE_REQUIRED')
  assert.equal(plain.headers.get('upgrade'), 'websocket')

  const answer = await new Promise<string>((resolve) => {
    const socket = connect(Number(new URL(env.server.url).port), '127.0.0.1')
    let text = ''
    socket.on('data', (chunk) => (text += chunk))
    socket.on('close', () => resolve(text))
    const headers = Object.entries(env.clinic.headers).map(([name, value]) => `${name}: ${value}`)
    socket.write(['GET /api/saas/realtime HTTP/1.1', 'Host: localhost', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Key: short', 'Sec-WebSocket-Version: 13', ...headers, '', ''].join('\r\n'))
  })
  assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/)
  assert.equal(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).code, 'BAD_REQUEST')
})

test('a frame published on node A reaches a socket on node B, and the other way round', async () => {
  const onB = await connectAs(nodeB, { headers: env.clinic.headers })
  const onA = await connectAs(env.server, { headers: env.clinic.headers })
  await publish(env.clinic, conversationUpdated('from-a'), env.server)
  await onB.frame('node A’s frame on node B', (frame) => frame.data.id === 'from-a')
  await publish(env.clinic, conversationUpdated('from-b'), nodeB)
  await onA.frame('node B’s frame on node A', (frame) => frame.data.id === 'from-b')
})

test("a tenant's sockets get only its own frames", async () => {
  const [first, second] = [await createTenant(env.server, 'First Clinic'), await createTenant(env.server, 'Second Clinic')]
  const clinic = await connectAs(env.server, { headers: first.headers })
  const other = await connectAs(env.server, { headers: second.headers })
  await publish(first, conversationUpdated('clinic-only'))
  await publish(second, conversationUpdated('other-only'))
  await clinic.frame('the clinic frame', (frame) => frame.data.id === 'clinic-only')
  // Frames reach a node's sockets in the order published: by its own frame, the other socket would have had the clinic's.
  await other.frame('its own frame', (frame) => frame.data.id === 'other-only')
  assert.deepEqual(
    other.frames.map((frame) => frame.data.id),
    ['other-only'],
  )
})

test('the heartbeat cuts a socket that stopped answering pings; one that answers stays', async () => {
  const tenant = await createTenant(env.server, 'Heartbeat Clinic')
  const dead = await connectAs(nodeB, { headers: tenant.headers, autoPong: false })
  const alive = await connectAs(nodeB, { headers: tenant.headers })
  assert.equal((await dead.closed).code, 1006, 'cut without a closing handshake')
  await publish(tenant, conversationUpdated('after-the-cut'))
  await alive.frame('a frame after the dead socket was cut', (frame) => frame.data.id === 'after-the-cut')
})

test('a client that does not read is dropped with 1013 behind what was queued, not buffered forever', async () => {
  const tenant = await createTenant(env.server, 'Slow Clinic')
  const slow = await connectAs(env.server, { headers: tenant.headers })
  const healthy = await connectAs(env.server, { headers: tenant.headers })
  slow.ws.pause()
  let published = 0
  await waitFor(
    'the slow socket to be dropped',
    async () => {
      published += 1
      await publish(tenant, conversationUpdated(`big-${published}`, { lastMessagePreview: 'x'.repeat(256 * 1024) }))
      await healthy.frame('the healthy socket to get it', (frame) => frame.data.id === `big-${published}`)
      return env.server.realtime!.socketCount(tenant.clientCode) === 1
    },
    60_000,
  )
  slow.ws.resume()
  const { code } = await slow.closed
  assert.equal(code, 1013)
  assert.ok(slow.frames.length < published, `the slow socket got ${slow.frames.length} of ${published} frames`)
  assert.deepEqual(
    slow.frames.map((frame) => frame.data.id),
    healthy.frames.slice(0, slow.frames.length).map((frame) => frame.data.id),
    'what it got came in order',
  )
  assert.equal(healthy.frames.length, published)
})

test('a tenant may hold only so many sockets on one node (429); a closed one frees its place', async () => {
  const tenant = await createTenant(env.server, 'Crowded Clinic')
  const sockets = [await connectAs(env.server, { headers: tenant.headers }), await connectAs(env.server, { headers: tenant.headers }), await connectAs(env.server, { headers: tenant.headers })]
  expectRefused(await refusedUpgrade(env.server, { headers: tenant.headers }), 429, 'RATE_LIMITED')
  await connectAs(env.server, { headers: env.other.headers }).then((socket) => socket.ws.close())
  sockets[0]!.ws.close()
  await sockets[0]!.closed
  await waitFor('the place to be free', () => env.server.realtime!.socketCount(tenant.clientCode) === 2)
  await connectAs(env.server, { headers: tenant.headers })
})

test('when the hub loses its channel, its sockets are told to resync once it listens again', async () => {
  const socket = await connectAs(nodeB, { headers: env.clinic.headers })
  const { rows } = await sql<{ killed: boolean }>`
    select pg_terminate_backend(pid) as killed from pg_stat_activity
    where datname = current_database() and application_name = ${REALTIME_LISTENER_NAME}`.execute(env.server.platform.db)
  assert.equal(rows.length, 2, "both nodes' hubs were listening")
  await socket.frame('a resync frame', (frame) => frame.type === 'resync')
  assert.deepEqual(socket.frames.find((frame) => frame.type === 'resync'), { type: 'resync', data: { reason: 'listener_reconnected' } })
  await publish(env.clinic, conversationUpdated('after-resync'))
  await socket.frame('frames again', (frame) => frame.data.id === 'after-resync')
})

test('a node shutting down closes its sockets with 1001 (going away) and stops', async () => {
  const nodeC = await startServer({ ...env.server.config, role: 'api' }, { logger: pino({ level: 'silent' }) })
  const socket = await connectSocket({ url: nodeC.url! }, { headers: env.clinic.headers })
  await nodeC.stop()
  assert.deepEqual(await socket.closed, { code: 1001, reason: 'Server shutting down' })
})
