import { createHash, timingSafeEqual } from 'node:crypto'
import { AppError } from '../../../platform/http/errors'
import { definePlatformOperation } from '../../../platform/http/operations'
import type { Platform } from '../../../platform/platform'
import { clientsWithSecret, readSecrets } from '../../clients'

// Compared as digests: equal lengths for timingSafeEqual, whatever the tokens' lengths.
const digest = (token: string) => createHash('sha256').update(token).digest()

/**
 * Whether the token is the platform's `WHATSAPP_VERIFY_TOKEN` or some tenant's `whatsappWebhookToken`.
 * Only tenants that set one are read, through each node's secrets cache: a handshake (rare: Meta
 * sends one when the webhook is configured) decrypts at most those tenants' secrets once per node.
 */
async function isKnownVerifyToken(platform: Platform, token: string): Promise<boolean> {
  const given = digest(token)
  const matches = (known: string | undefined) => known !== undefined && timingSafeEqual(digest(known), given)
  if (matches(platform.config.whatsappVerifyToken)) return true
  for (const clientCode of await clientsWithSecret(platform.db, 'whatsappWebhookToken')) {
    if (matches((await readSecrets(platform, clientCode)).whatsappWebhookToken)) return true
  }
  return false
}

/** Meta's handshake: the challenge back, as plain text, for a known verify token. */
export const verifyWebhookOperation = definePlatformOperation('webhooks.verifyWhatsapp', async ({ ctx, input, c }) => {
  if (input['hub.mode'] === 'subscribe' && (await isKnownVerifyToken(ctx.platform, input['hub.verify_token']))) {
    return c.text(input['hub.challenge'], 200)
  }
  throw new AppError('FORBIDDEN', 'Not a subscription with a known verify token')
})
