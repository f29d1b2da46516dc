import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import { toMessageView } from './message-view'
import { advanceOutboundStatus, type DeliveryStatus, type MessageRow } from './messages.repository'

export interface StatusUpdate {
  wamid: string
  status: DeliveryStatus
  at: Date
  /** Meta's `errors[0]` of a `failed` status. */
  error?: { code: number | null; title: string | null } | undefined
}

/**
 * Applies Meta's status of an outbound message: forward only, in one guarded update, so a
 * redelivered or late status changes nothing; a status for a message not in the inbox is ignored.
 */
export async function applyMessageStatus(ctx: TenantContext, update: StatusUpdate): Promise<MessageRow | undefined> {
  const message = await advanceOutboundStatus(ctx.tenant.db, update)
  if (!message) {
    ctx.platform.logger.debug({ clientCode: ctx.tenant.clientCode, wamid: update.wamid, status: update.status }, 'status for an unknown message, or not forward: ignored')
    return undefined
  }
  await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:status', data: toMessageView(message) })
  return message
}
