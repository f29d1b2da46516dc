import assert from 'node:assert/strict'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, test } from 'node:test'
import { verifyWebhook } from '@ecodrix/sdk/webhooks'
import { runCli, serverWithTenant, startCli } from './cli'

const { tenant, erix, env } = await serverWithTenant({ ECODRIX_ALLOW_PRIVATE_CALLBACKS: 'true' })

interface Received {
  headers: IncomingHttpHeaders
  rawBody: string
}

/** A receiver on localhost answering 200 to everything, as a developer's app would. */
async function receiver() {
  const received: Received[] = []
  const server = createServer((req, res) => {
    let rawBody = ''
    req.setEncoding('utf8').on('data', (chunk: string) => (rawBody += chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody })
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  after(() => server.close())
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ecodrix-callback`, received }
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await probe()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`timed out waiting for ${what}`)
}

test('listen forwards each callback attempt, signed so the receiver verifies it with verifyWebhook; callbacks resend sends it again', async () => {
  const production = await receiver()
  const local = await receiver()
  const listen = startCli(['listen', '--forward-to', local.url, '--secret', tenant.webhookSecret], env)
  try {
    await listen.waitFor(/Ready/)
    const fired = await erix.trigger({ trigger: 'cli_callback', callbackUrl: production.url, callbackMetadata: { orderId: 'o-1' } })

    const [forwarded] = await until('the forwarded callback', () => (local.received.length > 0 ? local.received : undefined))
    const verified = await verifyWebhook({ rawBody: forwarded!.rawBody, headers: forwarded!.headers, secret: tenant.webhookSecret })
    assert.ok(verified.payload.type === 'workflow.completed', 'a workflow callback')
    assert.equal(verified.payload.eventLogId, fired.eventLogId)
    assert.deepEqual(verified.payload.metadata, { orderId: 'o-1' })
    await assert.rejects(verifyWebhook({ rawBody: forwarded!.rawBody, headers: forwarded!.headers, secret: 'another-secret' }))

    const [sent] = await until('the production delivery', () => (production.received.length > 0 ? production.received : undefined))
    assert.equal(forwarded!.headers['webhook-id'], sent!.headers['webhook-id'], 'the same delivery id as in production')
    assert.equal(forwarded!.rawBody, sent!.rawBody, 'the same bytes as in production')
    const deliveryId = String(sent!.headers['webhook-id'])
    await listen.waitFor(new RegExp(`callback ${deliveryId} attempt 1 → \\S+ delivered 200`))

    await until('the delivery to settle', async () => {
      const log = await erix.GET('/api/saas/events/logs/{logId}', { params: { path: { logId: fired.eventLogId } } })
      return log.callback?.status === 'delivered'
    })
    const resent = await runCli(['callbacks', 'resend', deliveryId], env)
    assert.equal(resent.code, 0, resent.stderr)
    assert.match(resent.stdout, new RegExp(`Resent callback ${deliveryId} \\(event ${fired.eventLogId}\\) as attempt 2`))
    await until('the resent callback in production', () => production.received.length === 2)
    await listen.waitFor(new RegExp(`callback ${deliveryId} attempt 2 → \\S+ delivered 200`))
    assert.equal(local.received[1]?.headers['webhook-id'], deliveryId)

    const unknown = await runCli(['callbacks', 'resend', '3d1f2c4b-9a8e-4f7d-8c6b-5a4e3d2c1b0a'], env)
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /404 CALLBACK_NOT_FOUND/)
  } finally {
    const stopped = await listen.stop()
    assert.equal(stopped.code, 0, stopped.stderr)
  }
})

test('listen without a webhook secret says where to give one', async () => {
  const run = await runCli(['listen', '--forward-to', 'http://127.0.0.1:9/cb'], env)
  assert.equal(run.code, 1)
  assert.match(run.stderr, /--secret/)
})
