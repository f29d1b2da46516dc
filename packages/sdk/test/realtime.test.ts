import assert from 'node:assert/strict'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type TestContext, test } from 'node:test'
import WebSocket, { WebSocketServer } from 'ws'
import { createEcodrix, type EcodrixError, type RealtimeEvents, type RealtimeFrameData, realtime } from '../src/index'
import { assertSameType } from './server'

interface Upgrade {
  request: IncomingMessage
  /** The accepted socket, or undefined when the handler refused the upgrade. */
  socket: WebSocket | undefined
}

/**
 * A real WebSocket server on a free port standing in for `GET /api/saas/realtime`: `refuse`
 * answers an upgrade with an HTTP status instead (the nth from 1); each accepted one is kept.
 */
async function startSocketServer(t: TestContext, refuse: (nth: number) => number | undefined = () => undefined) {
  const upgrades: Upgrade[] = []
  const wss = new WebSocketServer({ noServer: true })
  const server = createServer()
  server.on('upgrade', (request, socket, head) => {
    const status = refuse(upgrades.length + 1)
    if (status !== undefined) {
      upgrades.push({ request, socket: undefined })
      socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"success":false}`)
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => upgrades.push({ request, socket: ws }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    for (const { socket } of upgrades) socket?.terminate()
    server.closeAllConnections()
    server.close()
  })
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, upgrades }
}

const tenantOf = (server: { baseUrl: string }) => createEcodrix({ baseUrl: server.baseUrl, apiKey: 'ecx_test_key', clientCode: 'acme' })

async function until<T>(what: string, check: () => T | undefined | false): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const conversation = {
  id: 'conv_1',
  phone: '+919876543210',
  name: 'Ravi',
  leadId: null,
  status: 'open',
  assignedTo: null,
  tags: [],
  unreadCount: 1,
  lastMessageAt: '2026-01-01T10:00:00.000Z',
  lastMessagePreview: 'Hello',
  lastInboundAt: '2026-01-01T10:00:00.000Z',
  serviceWindowOpen: true,
  serviceWindowEndsAt: '2026-01-02T10:00:00.000Z',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
} satisfies RealtimeFrameData<'conversation:updated'>

test('frames are parsed and handed to the handlers of their type, with the data the spec types', async (t) => {
  assertSameType<RealtimeFrameData<'conversation:deleted'>, { id: string }>(true)
  assertSameType<RealtimeEvents['error'], EcodrixError>(true)
  const server = await startSocketServer(t)
  const connection = tenantOf(server).realtime({ WebSocket })
  t.after(() => connection.close())
  const updated: RealtimeFrameData<'conversation:updated'>[] = []
  const deleted: string[] = []
  connection.on('conversation:updated', (data) => updated.push(data))
  const stop = connection.on('conversation:deleted', (data) => deleted.push(data.id))
  const { socket, request } = await until('the connection', () => server.upgrades[0])
  assert.equal(request.headers['x-api-key'], 'ecx_test_key')
  assert.equal(request.headers['x-client-code'], 'acme')
  assert.equal(request.url, '/api/saas/realtime')
  socket!.send(JSON.stringify({ type: 'conversation:updated', data: conversation }))
  socket!.send('not json')
  socket!.send(JSON.stringify({ type: 'conversation:deleted', data: { id: 'conv_1' } }))
  await until('the deletion', () => deleted.length === 1)
  assert.deepEqual(updated, [conversation])
  stop()
  socket!.send(JSON.stringify({ type: 'conversation:deleted', data: { id: 'conv_2' } }))
  socket!.send(JSON.stringify({ type: 'conversation:updated', data: { ...conversation, unreadCount: 0 } }))
  await until('the second update', () => updated.length === 2)
  assert.deepEqual(deleted, ['conv_1'], 'a stopped handler is not called')
})

test('with a token provider it connects with ?token=, and after the server goes away reconnects with a fresh token and says resync', async (t) => {
  const server = await startSocketServer(t)
  let issued = 0
  const connection = realtime({ baseUrl: server.baseUrl, WebSocket, retryBaseDelayMs: 1, token: async () => `token-${++issued}` })
  t.after(() => connection.close())
  const events: string[] = []
  connection.on('open', () => events.push('open'))
  connection.on('close', ({ code }) => events.push(`close ${code}`))
  connection.on('resync', ({ reason }) => events.push(`resync ${reason}`))
  const first = await until('the first connection', () => server.upgrades[0])
  assert.equal(first.request.url, '/api/saas/realtime?token=token-1')
  assert.equal(first.request.headers['x-api-key'], undefined)
  await until('open', () => events.length === 1)
  first.socket!.close(1001, 'Server shutting down')
  const second = await until('the reconnection', () => server.upgrades[1])
  assert.equal(second.request.url, '/api/saas/realtime?token=token-2')
  await until('the resync', () => events.length === 4)
  assert.deepEqual(events, ['open', 'close 1001', 'open', 'resync reconnected'])
})

test('a refused upgrade is reported as an EcodrixError with its status, and tried again', async (t) => {
  const server = await startSocketServer(t, (nth) => (nth === 1 ? 401 : undefined))
  const connection = tenantOf(server).realtime({ WebSocket, retryBaseDelayMs: 1 })
  t.after(() => connection.close())
  const errors: EcodrixError[] = []
  connection.on('error', (error) => errors.push(error))
  let opened = false
  connection.on('open', () => (opened = true))
  await until('the second attempt to open', () => opened)
  assert.equal(errors[0]?.status, 401)
  assert.equal(errors[0]?.code, 'REALTIME_CONNECTION_FAILED')
})

test('close() closes the socket normally', async (t) => {
  const server = await startSocketServer(t)
  const connection = tenantOf(server).realtime({ WebSocket, retryBaseDelayMs: 1 })
  const { socket } = await until('the connection', () => server.upgrades[0])
  const closed = new Promise<number>((resolve) => socket!.once('close', resolve))
  const seen = new Promise<number>((resolve) => connection.on('close', ({ code }) => resolve(code)))
  await until('open', () => socket!.readyState === WebSocket.OPEN)
  connection.close()
  assert.equal(await closed, 1000)
  assert.equal(await seen, 1000)
})

test('without a WebSocket class (Node < 22, none given) it says what to pass', { skip: 'WebSocket' in globalThis }, () => {
  assert.throws(() => realtime({ baseUrl: 'http://localhost', apiKey: 'k', clientCode: 'acme' }), /pass `WebSocket` from the ws package/)
})
