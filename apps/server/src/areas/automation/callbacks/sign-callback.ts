import { createHmac } from 'node:crypto'

export interface SignedCallback {
  deliveryId: string
  /** The exact bytes sent (frozen at enqueue time). */
  body: string
  /** The tenant's `automationWebhookSecret`. */
  secret: string
  /** Unix seconds of this attempt. */
  timestamp: number
}

/**
 * The Standard Webhooks key of a secret: a `whsec_<base64>` secret (every secret made since ADR 0026)
 * is base64 of its key; an older hex secret, which receivers were told to pass as `whsec_` +
 * base64(secret), has its own UTF-8 bytes as key, so their receivers keep verifying.
 */
function standardWebhooksKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8')
}

/**
 * The headers of one attempt, signed twice (ADR 0026):
 * - `x-ecodrix-signature: sha256=<hex>` over the body, keyed with the secret's UTF-8 bytes as given,
 *   what the seed's Step 4 verifies;
 * - Standard Webhooks: `webhook-signature: v1,<base64>` over `${webhook-id}.${webhook-timestamp}.${body}`,
 *   keyed so that `new Webhook(secret).verify(body, headers)` of the `standardwebhooks` package accepts it.
 */
export function callbackHeaders({ deliveryId, body, secret, timestamp }: SignedCallback): Record<string, string> {
  const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8')
  return {
    'content-type': 'application/json',
    'user-agent': 'ECODrIx-Webhooks/1',
    'x-ecodrix-signature': `sha256=${hmac(Buffer.from(secret, 'utf8'), body).digest('hex')}`,
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${hmac(standardWebhooksKey(secret), `${deliveryId}.${timestamp}.${body}`).digest('base64')}`,
  }
}
