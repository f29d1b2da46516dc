import { randomUUID } from 'node:crypto'
import { AppError } from '../../../platform/http/errors'
import { definePlatformOperation } from '../../../platform/http/operations'
import type { Platform } from '../../../platform/platform'
import { clientOfWhatsappNumber, readSecrets } from '../../clients'
import { applyDeliveryJobRow } from './apply-webhook-delivery.job'
import { signatureMatches } from './meta-signature'
import { storeDelivery, storeFailedDelivery } from './webhook-deliveries.repository'
import { type ReadDelivery, readDelivery } from './webhook-payload'

/** The tenants the delivery's changes are for (numbers no tenant has are skipped when it is applied). */
async function routedClients(platform: Platform, read: ReadDelivery): Promise<string[]> {
  if (!read.ok) return []
  const numbers = [...new Set(read.changes.map((change) => change.phoneNumberId))]
  const clients = await Promise.all(numbers.map((number) => clientOfWhatsappNumber(platform.db, number)))
  return [...new Set(clients.filter((client) => client !== undefined))]
}

/**
 * The app secrets the signature must match: each routed tenant's (`whatsappAppSecret`, else the
 * platform's). Without a routed tenant, the platform's; undefined when one is missing (unverifiable).
 */
async function appSecretsFor(platform: Platform, clients: string[]): Promise<string[] | undefined> {
  const fallback = platform.config.whatsappAppSecret
  if (clients.length === 0) return fallback === undefined ? undefined : [fallback]
  const secrets = await Promise.all(clients.map(async (clientCode) => (await readSecrets(platform, clientCode)).whatsappAppSecret ?? fallback))
  const missing = clients.filter((_, i) => secrets[i] === undefined)
  if (missing.length === 0) return secrets as string[]
  platform.logger.warn({ clients: missing }, 'WhatsApp webhook for tenants without an app secret (whatsappAppSecret, WHATSAPP_APP_SECRET): refused')
  return undefined
}

const unsigned = () => new AppError('UNAUTHORIZED', 'Missing or invalid X-Hub-Signature-256')

/**
 * Meta's delivery, checked against the signature over its exact bytes, stored as received with the
 * job that applies it, and acknowledged at once (Meta retries an unacknowledged delivery for days).
 */
export const receiveWebhookOperation = definePlatformOperation(
  'webhooks.receiveWhatsapp',
  async ({ ctx, c }) => {
    const { platform } = ctx
    const body = Buffer.from(await c.req.arrayBuffer())
    const read = readDelivery(body)
    const clients = await routedClients(platform, read)
    const secrets = await appSecretsFor(platform, clients)
    const signature = c.req.header('x-hub-signature-256')
    if (secrets === undefined) {
      // Nothing for any tenant and no secret to check it with: acknowledged, nothing kept.
      if (read.ok && clients.length === 0) return { deliveryId: null }
      throw unsigned()
    }
    if (!secrets.every((secret) => signatureMatches(body, signature, secret))) throw unsigned()

    const id = randomUUID()
    if (!read.ok) {
      platform.logger.warn({ deliveryId: id, problem: read.problem }, 'signed WhatsApp webhook delivery is not a webhook: stored as failed')
      await storeFailedDelivery(platform.db, { id, body, error: read.problem })
      return { deliveryId: id }
    }
    if (clients.length === 0) {
      platform.logger.info({ numbers: read.changes.map((change) => change.phoneNumberId) }, 'WhatsApp webhook for numbers no tenant has: acknowledged')
      return { deliveryId: null }
    }
    await storeDelivery(platform.db, { id, body }, applyDeliveryJobRow(id, 1))
    return { deliveryId: id }
  },
  { rawBody: true },
)
