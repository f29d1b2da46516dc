import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { Webhook } from 'standardwebhooks'
import { signWebhook, verifyWebhook, WebhookVerificationError, type WebhookVerificationReason } from '../src/index'

// An older tenant's hex secret, and one in the form onboarding gives today.
const secret = 'a3f1c2d4e5b6a7980f1e2d3c4b5a6978'
const whsecSecret = 'whsec_n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='
const body = JSON.stringify({ id: 'd1', type: 'workflow.completed', trigger: 'appointment_confirmed', metadata: { appointmentId: 'ap_1' } })
const now = () => Math.floor(Date.now() / 1000)

/**
 * The headers as the server computes them, with node:crypto, independently of the SDK: the body's
 * HMAC keyed with the secret's bytes, the Standard Webhooks one with the base64 after `whsec_`.
 */
function serverHeaders(options: { id: string; timestamp: number; key?: string; payload?: string }) {
  const { id, timestamp, key = secret, payload = body } = options
  const standardKey = key.startsWith('whsec_') ? Buffer.from(key.slice(6), 'base64') : key
  return {
    'x-ecodrix-signature': `sha256=${createHmac('sha256', key).update(payload).digest('hex')}`,
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${createHmac('sha256', standardKey).update(`${id}.${timestamp}.${payload}`).digest('base64')}`,
  }
}

const rejects = (promise: Promise<unknown>, reason: WebhookVerificationReason) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof WebhookVerificationError)
    assert.equal(error.reason, reason)
    return true
  })

test('signWebhook produces what the server sends, byte for byte, for either form of secret', async () => {
  const timestamp = now()
  for (const key of [secret, whsecSecret]) {
    assert.deepEqual(await signWebhook({ body, secret: key, id: 'd1', timestamp }), serverHeaders({ id: 'd1', timestamp, key }))
  }
})

test('a whsec_ secret verifies with the standardwebhooks package as it is, and with verifyWebhook both ways', async () => {
  const headers = serverHeaders({ id: 'd1', timestamp: now(), key: whsecSecret })
  assert.deepEqual(new Webhook(whsecSecret).verify(body, headers), JSON.parse(body))
  assert.equal((await verifyWebhook({ rawBody: body, headers, secret: whsecSecret })).scheme, 'standard-webhooks')
  const legacy = { 'x-ecodrix-signature': headers['x-ecodrix-signature'] }
  assert.equal((await verifyWebhook({ rawBody: body, headers: legacy, secret: whsecSecret })).scheme, 'ecodrix-signature')
})

test('verifies the Standard Webhooks headers and returns the parsed body', async () => {
  const headers = serverHeaders({ id: 'd1', timestamp: now() })
  const verified = await verifyWebhook({ rawBody: body, headers, secret })
  assert.deepEqual(verified, { ok: true, scheme: 'standard-webhooks', payload: JSON.parse(body) })
})

test('verifies the x-ecodrix-signature header alone, as the seed computes it', async () => {
  const { 'x-ecodrix-signature': signature } = serverHeaders({ id: 'd1', timestamp: now() })
  const verified = await verifyWebhook({ rawBody: body, headers: { 'X-Ecodrix-Signature': signature }, secret })
  assert.equal(verified.scheme, 'ecodrix-signature')
  assert.equal(verified.payload.type, 'workflow.completed')
  if (verified.payload.type === 'workflow.completed') assert.equal(verified.payload.trigger, 'appointment_confirmed')
})

test('takes Headers, any header case, bytes bodies and the whsec_ form of the secret', async () => {
  const signed = serverHeaders({ id: 'd1', timestamp: now() })
  const whsec = `whsec_${Buffer.from(secret).toString('base64')}`
  const bytes = new TextEncoder().encode(body)
  for (const headers of [new Headers(signed), Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), [v]]))]) {
    for (const rawBody of [body, bytes, bytes.buffer]) {
      for (const key of [secret, whsec]) assert.equal((await verifyWebhook({ rawBody, headers, secret: key })).ok, true)
    }
  }
})

test('any one of several v1 signatures may match (secret rotation)', async () => {
  const signed = serverHeaders({ id: 'd1', timestamp: now() })
  const other = serverHeaders({ id: 'd1', timestamp: Number(signed['webhook-timestamp']), key: 'old-secret' })
  const headers = { ...signed, 'webhook-signature': `v1,bm90LWl0 ${other['webhook-signature']} ${signed['webhook-signature']}` }
  assert.equal((await verifyWebhook({ rawBody: body, headers, secret })).scheme, 'standard-webhooks')
})

test('refuses a changed body, a wrong secret or a malformed signature', async () => {
  const headers = serverHeaders({ id: 'd1', timestamp: now() })
  await rejects(verifyWebhook({ rawBody: `${body} `, headers, secret }), 'invalid_signature')
  await rejects(verifyWebhook({ rawBody: body, headers, secret: `${secret}x` }), 'invalid_signature')
  await rejects(verifyWebhook({ rawBody: body, headers: { ...headers, 'webhook-signature': 'v1,%%%' }, secret }), 'invalid_signature')
  await rejects(verifyWebhook({ rawBody: body, headers: { ...headers, 'webhook-id': 'd2' }, secret }), 'invalid_signature')
  const legacy = { 'x-ecodrix-signature': headers['x-ecodrix-signature'] }
  await rejects(verifyWebhook({ rawBody: `${body} `, headers: legacy, secret }), 'invalid_signature')
  await rejects(verifyWebhook({ rawBody: body, headers: { 'x-ecodrix-signature': 'sha256=zz' }, secret }), 'invalid_signature')
  await rejects(verifyWebhook({ rawBody: body, headers: { 'x-ecodrix-signature': legacy['x-ecodrix-signature'].slice(7) }, secret }), 'invalid_signature')
})

test('refuses timestamps outside the tolerance, either way', async () => {
  const old = serverHeaders({ id: 'd1', timestamp: now() - 301 })
  await rejects(verifyWebhook({ rawBody: body, headers: old, secret }), 'timestamp_too_old')
  assert.equal((await verifyWebhook({ rawBody: body, headers: old, secret, toleranceSeconds: 600 })).ok, true)
  await rejects(verifyWebhook({ rawBody: body, headers: serverHeaders({ id: 'd1', timestamp: now() + 400 }), secret }), 'timestamp_too_new')
  const headers = { ...serverHeaders({ id: 'd1', timestamp: now() }), 'webhook-timestamp': 'yesterday' }
  await rejects(verifyWebhook({ rawBody: body, headers, secret }), 'invalid_timestamp')
})

test('Standard Webhooks headers, once present, are not bypassed by x-ecodrix-signature', async () => {
  const stale = serverHeaders({ id: 'd1', timestamp: now() - 3600 })
  await rejects(verifyWebhook({ rawBody: body, headers: stale, secret }), 'timestamp_too_old')
  const { 'webhook-signature': _dropped, ...partial } = serverHeaders({ id: 'd1', timestamp: now() })
  await rejects(verifyWebhook({ rawBody: body, headers: partial, secret }), 'missing_signature')
})

test('scheme picks one scheme; no signature at all is missing_signature', async () => {
  const headers = serverHeaders({ id: 'd1', timestamp: now() })
  const legacy = { 'x-ecodrix-signature': headers['x-ecodrix-signature'] }
  await rejects(verifyWebhook({ rawBody: body, headers: legacy, secret, scheme: 'standard-webhooks' }), 'missing_signature')
  const stale = serverHeaders({ id: 'd1', timestamp: now() - 3600 })
  assert.equal((await verifyWebhook({ rawBody: body, headers: stale, secret, scheme: 'ecodrix-signature' })).scheme, 'ecodrix-signature')
  await rejects(verifyWebhook({ rawBody: body, headers: {}, secret }), 'missing_signature')
})

test('a signed body that is not JSON is invalid_payload', async () => {
  const headers = await signWebhook({ body: 'not json', secret })
  await rejects(verifyWebhook({ rawBody: 'not json', headers, secret }), 'invalid_payload')
})

test('the webhooks module imports only types (no HTTP client behind @ecodrix/sdk/webhooks)', () => {
  const source = readFileSync(new URL('../src/webhooks.ts', import.meta.url), 'utf8')
  assert.doesNotMatch(source, /^\s*import\s+(?!type\b)|\brequire\(|\bfetch\(/m)
})
