import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEcodrix, type EcodrixError, realtime, type RealtimeFrameData } from '@ecodrix/sdk'
import pino from 'pino'
import WebSocket from 'ws'
import { publishRealtime } from '../../src/platform/realtime/publish'
import { startServer } from '../../src/server'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

const env = useTestServer({ tenants: { clinic: 'SDK Realtime Clinic' } })

const erix = (baseUrl: string) => createEcodrix({ baseUrl, apiKey: env.clinic.apiKey, clientCode: env.clinic.clientCode })

test('SDK realtime() with the API key headers (Node): typed frames from the real server', async () => {
  const connection = erix(env.server.url).realtime({ WebSocket })
  try {
    const deleted: RealtimeFrameData<'conversation:deleted'>[] = []
    let open = false
    connection.on('open', () => (open = true))
    connection.on('conversation:deleted', (data) => deleted.push(data))
    await waitFor('the socket to open', () => open)
    await publishRealtime(env.server.platform, env.clinic.clientCode, { type: 'conversation:deleted', data: { id: 'conv_9' } })
    await waitFor('the frame', () => deleted.length === 1)
    assert.deepEqual(deleted, [{ id: 'conv_9' }])
  } finally {
    connection.close()
  }
})

test('SDK realtime() with a token provider (a browser): a fresh token for each connection, resync after the node came back', async () => {
  const config = { ...env.server.config, role: 'api' as const }
  const first = await startServer(config, { logger: pino({ level: 'silent' }) })
  const baseUrl = first.url!
  let issued = 0
  // The page asks its own server for a token; here the tenant's server is the SDK client itself.
  const token = async () => {
    issued += 1
    return (await erix(env.server.url).POST('/api/saas/realtime/token')).token
  }
  const connection = realtime({ baseUrl, token, WebSocket, retryBaseDelayMs: 50, retryMaxDelayMs: 200 })
  const events: string[] = []
  const errors: EcodrixError[] = []
  connection.on('open', () => events.push('open'))
  connection.on('close', ({ code }) => events.push(`close ${code}`))
  connection.on('resync', ({ reason }) => events.push(`resync ${reason}`))
  connection.on('error', (error) => errors.push(error))
  let second: Awaited<ReturnType<typeof startServer>> | undefined
  try {
    await waitFor('the socket to open', () => events.includes('open'))
    await first.stop()
    await waitFor('the close', () => events.includes('close 1001'))
    second = await startServer({ ...config, port: Number(new URL(baseUrl).port) }, { logger: pino({ level: 'silent' }) })
    await waitFor('the reconnection', () => events.includes('resync reconnected'))
    assert.deepEqual(events.filter((event) => !event.startsWith('close 1006')), ['open', 'close 1001', 'open', 'resync reconnected'])
    assert.equal(issued, 1 + errors.length + 1, 'one token per attempt')
  } finally {
    connection.close()
    await second?.stop()
  }
})
