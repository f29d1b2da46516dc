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
 * The headers of one attempt, signed twice with the same key, the secret's UTF-8 bytes:
 * - `x-ecodrix-signature: sha256=<hex>` over the body, what the seed's Step 4 verifies;
 * - Standard Webhooks: `webhook-signature: v1,<base64>` over `${webhook-id}.${webhook-timestamp}.${body}`.
 *   Standard Webhooks libraries take the key as `whsec_<base64 of the key>`, so a receiver using one
 *   passes `whsec_` + base64(secret); the SDK's verifyWebhook accepts the plain secret or that form.
 */
export function callbackHeaders({ deliveryId, body, secret, timestamp }: SignedCallback): Record<string, string> {
  const hmac = (data: string) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(data, 'utf8')
  return {
    'content-type': 'application/json',
    'user-agent': 'ECODrIx-Webhooks/1',
    'x-ecodrix-signature': `sha256=${hmac(body).digest('hex')}`,
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${hmac(`${deliveryId}.${timestamp}.${body}`).digest('base64')}`,
  }
}
