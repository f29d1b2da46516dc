import type { Platform } from '../../../platform/platform'
import { clientOfWhatsappNumber, tenantContextFor } from '../../clients'
import { applyMessageStatus } from '../messages/apply-message-status'
import type { DeliveryStatus } from '../messages/messages.repository'
import { applyInboundMessage } from './apply-inbound-message'
import { fetchInboundMedia } from './fetch-inbound-media'
import { inboundMessageSchema, messageStatusSchema, metaTime, type WebhookChange } from './webhook-payload'

const DELIVERY_STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed'])

/**
 * Applies one change of a delivery in the tenant owning its number: its messages, then its
 * statuses. Each is idempotent, so a retried delivery re-applies earlier changes harmlessly. A
 * number no tenant has, or an item Meta malformed, is logged and skipped.
 */
export async function applyChange(platform: Platform, change: WebhookChange, deliveryId: string): Promise<void> {
  const clientCode = await clientOfWhatsappNumber(platform.db, change.phoneNumberId)
  const ctx = clientCode ? await tenantContextFor(platform, clientCode) : undefined
  if (!ctx) {
    platform.logger.info({ deliveryId, phoneNumberId: change.phoneNumberId, clientCode }, 'WhatsApp change for a number no active tenant has: skipped')
    return
  }
  for (const item of change.messages) {
    const message = inboundMessageSchema.safeParse(item)
    if (!message.success) {
      platform.logger.warn({ deliveryId, clientCode, issues: message.error.issues }, 'malformed WhatsApp message in a delivery: skipped')
      continue
    }
    const stored = await applyInboundMessage(ctx, message.data, change.names.get(message.data.from))
    if (stored?.media) await fetchInboundMedia(ctx, stored)
  }
  for (const item of change.statuses) {
    const status = messageStatusSchema.safeParse(item)
    if (!status.success || !DELIVERY_STATUSES.has(status.data.status)) {
      platform.logger.debug({ deliveryId, clientCode, status: item }, 'WhatsApp status not applied (malformed, or not a delivery status)')
      continue
    }
    const error = status.data.errors?.[0]
    await applyMessageStatus(ctx, {
      wamid: status.data.id,
      status: status.data.status as DeliveryStatus,
      at: metaTime(status.data.timestamp),
      error: status.data.status === 'failed' ? { code: error?.code ?? null, title: error?.title ?? null } : undefined,
    })
  }
}
