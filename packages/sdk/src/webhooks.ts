// Verifies (and, for tests, signs) the callbacks ECODrIx posts to a trigger's `callbackUrl`, and
// checks Meta's signature on a WhatsApp webhook delivery for integrators who proxy it.
// It imports only types: it uses Web Crypto (`globalThis.crypto.subtle`), so it runs in Node.js 20+,
// browsers and edge runtimes, and `@ecodrix/sdk/webhooks` carries no HTTP client.
import type { webhooks } from './generated/paths'

type WebhookBodies = {
  [Name in keyof webhooks]: webhooks[Name]['post'] extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never
}

/** The body of a callback: what happened to one trigger (the spec's `workflow.completed` webhook). */
export type EcodrixCallback = WebhookBodies['workflow.completed']

/**
 * Any body the spec's `webhooks` describe: callbacks and the real-time frames tools forward.
 * `type` tells which, so `if (payload.type === 'workflow.completed')` narrows it.
 */
export type EcodrixWebhookPayload = WebhookBodies[keyof WebhookBodies]

/** The `type`s a verified payload can have. */
export type EcodrixWebhookType = EcodrixWebhookPayload['type']

export type WebhookScheme = 'standard-webhooks' | 'ecodrix-signature'

export type WebhookVerificationReason =
  | 'missing_signature'
  | 'invalid_signature'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_payload'

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError'
  readonly reason: WebhookVerificationReason

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message)
    this.reason = reason
  }
}

/** A `Headers`, or a plain object with names in any case (Node's `req.headers`, say). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>

export interface VerifyWebhookOptions {
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array | ArrayBuffer
  headers: WebhookHeaders
  /**
   * The tenant's webhook secret as onboarding gave it (`whsec_<base64>`); an older hex secret works
   * as it is or in the `whsec_` + base64 form Standard Webhooks libraries took for it.
   */
  secret: string
  /** How far `webhook-timestamp` may be from now, either way. */
  toleranceSeconds?: number
  /** Accept only this scheme (by default either; Standard Webhooks when its headers are present). */
  scheme?: WebhookScheme
}

export interface VerifiedWebhook<T> {
  ok: true
  scheme: WebhookScheme
  payload: T
}

const encoder = new TextEncoder()

/**
 * The Standard Webhooks key: a `whsec_` secret is base64 of the key (what onboarding gives); an
 * older hex secret is its own UTF-8 bytes (ADR 0026).
 */
function standardKeyBytes(secret: string): Uint8Array<ArrayBuffer> {
  if (!secret.startsWith('whsec_')) return encoder.encode(secret)
  const bytes = fromBase64(secret.slice('whsec_'.length))
  if (!bytes) throw new TypeError('secret: "whsec_" must be followed by base64')
  return bytes
}

const importHmacKey = (bytes: Uint8Array<ArrayBuffer>, usage: 'sign' | 'verify') =>
  crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [usage])

function bytesOf(body: string | Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  return typeof body === 'string' ? encoder.encode(body) : new Uint8Array(body)
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0))
  parts.reduce((offset, part) => (out.set(part, offset), offset + part.length), 0)
  return out
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
  } catch {
    return undefined
  }
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')

function fromHex(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^(?:[0-9a-f]{2})+$/i.test(text)) return undefined
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16))
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(' ') : value
  }
  return undefined
}

const fail = (reason: WebhookVerificationReason, message: string) => new WebhookVerificationError(reason, message)

/** Web Crypto's HMAC verify compares the MAC in constant time. */
async function macMatches(key: CryptoKey, mac: Uint8Array<ArrayBuffer> | undefined, data: Uint8Array<ArrayBuffer>) {
  return mac !== undefined && (await crypto.subtle.verify('HMAC', key, mac, data))
}

async function verifyStandardWebhooks(body: Uint8Array, headers: WebhookHeaders, key: CryptoKey, toleranceSeconds: number) {
  const id = header(headers, 'webhook-id')
  const timestamp = header(headers, 'webhook-timestamp')
  const signatures = header(headers, 'webhook-signature')
  if (!id || !timestamp || !signatures) {
    throw fail('missing_signature', 'webhook-id, webhook-timestamp and webhook-signature are all required')
  }
  if (!/^\d+$/.test(timestamp)) throw fail('invalid_timestamp', 'webhook-timestamp is not a number of seconds')
  const age = Math.floor(Date.now() / 1000) - Number(timestamp)
  if (age > toleranceSeconds) throw fail('timestamp_too_old', `webhook-timestamp is ${age} s old`)
  if (-age > toleranceSeconds) throw fail('timestamp_too_new', `webhook-timestamp is ${-age} s in the future`)

  const signed = concat(encoder.encode(`${id}.${timestamp}.`), body)
  // A space-separated list of `v1,<base64>`: any one of them may match (secret rotation).
  for (const entry of signatures.split(' ')) {
    const [version, mac] = entry.split(',')
    if (version === 'v1' && mac && (await macMatches(key, fromBase64(mac), signed))) return
  }
  throw fail('invalid_signature', 'no webhook-signature matches')
}

async function verifyEcodrixSignature(body: Uint8Array<ArrayBuffer>, headers: WebhookHeaders, keys: CryptoKey[]) {
  const signature = header(headers, 'x-ecodrix-signature')
  if (!signature) throw fail('missing_signature', 'x-ecodrix-signature is missing')
  const mac = fromHex(signature.startsWith('sha256=') ? signature.slice('sha256='.length) : '')
  for (const key of keys) if (await macMatches(key, mac, body)) return
  throw fail('invalid_signature', 'x-ecodrix-signature does not match')
}

/**
 * Checks that a callback comes from ECODrIx, and returns its parsed body. Accepts either scheme:
 * Standard Webhooks (`webhook-id`, `webhook-timestamp` within `toleranceSeconds`, `webhook-signature`),
 * used whenever its headers are present, or `x-ecodrix-signature: sha256=<hex>`. Throws a
 * `WebhookVerificationError` (with a `reason`) for anything else.
 */
export async function verifyWebhook<T = EcodrixWebhookPayload>(options: VerifyWebhookOptions): Promise<VerifiedWebhook<T>> {
  const { rawBody, headers, secret, toleranceSeconds = 300 } = options
  const body = bytesOf(rawBody)
  const standardKey = standardKeyBytes(secret)
  const hasStandardHeaders = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].some((name) => header(headers, name))
  const scheme = options.scheme ?? (hasStandardHeaders ? 'standard-webhooks' : 'ecodrix-signature')
  if (scheme === 'standard-webhooks') {
    await verifyStandardWebhooks(body, headers, await importHmacKey(standardKey, 'verify'), toleranceSeconds)
  } else {
    // Keyed with the secret's own bytes; a receiver given the `whsec_` form of an older hex secret
    // holds those bytes as its Standard Webhooks key.
    const keys = secret.startsWith('whsec_') ? [encoder.encode(secret), standardKey] : [standardKey]
    await verifyEcodrixSignature(body, headers, await Promise.all(keys.map((key) => importHmacKey(key, 'verify'))))
  }

  try {
    return { ok: true, scheme, payload: JSON.parse(new TextDecoder().decode(body)) as T }
  } catch {
    throw fail('invalid_payload', 'the body is not JSON')
  }
}

export interface SignWebhookOptions {
  body: string | Uint8Array | ArrayBuffer
  secret: string
  /** `webhook-id`; a random UUID unless given. */
  id?: string
  /** `webhook-timestamp` in Unix seconds; now unless given. */
  timestamp?: number
}

/**
 * The signature headers ECODrIx sends with `body`, both schemes, keyed as the server keys them
 * (for testing your receiver): `x-ecodrix-signature` with the secret's UTF-8 bytes,
 * `webhook-signature` with its Standard Webhooks key.
 */
export async function signWebhook(options: SignWebhookOptions): Promise<Record<string, string>> {
  const { secret, id = crypto.randomUUID(), timestamp = Math.floor(Date.now() / 1000) } = options
  const body = bytesOf(options.body)
  const mac = async (key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) =>
    new Uint8Array(await crypto.subtle.sign('HMAC', await importHmacKey(key, 'sign'), data))
  const signed = concat(encoder.encode(`${id}.${timestamp}.`), body)
  return {
    'x-ecodrix-signature': `sha256=${toHex(await mac(encoder.encode(secret), body))}`,
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${toBase64(await mac(standardKeyBytes(secret), signed))}`,
  }
}

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>` on a WhatsApp webhook
 * delivery, for servers that receive Meta's webhook and pass it on. `rawBody` is the body exactly
 * as received (a Node `Buffer` is a `Uint8Array`); `appSecret` is the Meta app's secret. Resolves
 * to `false` for a missing, malformed or non-matching signature; the MAC is compared in constant
 * time (Web Crypto's HMAC verify).
 */
export async function verifyMetaSignature(
  rawBody: string | Uint8Array | ArrayBuffer,
  signatureHeader: string | null | undefined,
  appSecret: string,
): Promise<boolean> {
  if (appSecret === '') throw new TypeError('appSecret: the Meta app secret is empty')
  const signature = signatureHeader?.trim()
  if (!signature?.startsWith('sha256=')) return false
  const key = await importHmacKey(encoder.encode(appSecret), 'verify')
  return macMatches(key, fromHex(signature.slice('sha256='.length)), bytesOf(rawBody))
}
