import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import { keepEarlyStatus, lockWamids } from './early-statuses.repository'
import { toMessageView } from './message-view'
import { advanceOutboundStatus, type DeliveryStatus, findMessageByWamid, type MessageRow } from './messages.repository'

export interface StatusUpdate {
  wamid: string
  status: DeliveryStatus
  at: Date
  /** Meta's `errors[0]` of a `failed` status. */
  error?: { code: number | null; title: string | null } | undefined
}

/**
 * Applies Meta's status of an outbound message: forward only, in one guarded update, so a
 * redelivered or late status changes nothing. A status for a wamid not stored yet is kept: Meta can
 * report a message before its send has stored the wamid Graph answered (ADR 0020).
 */
export async function applyMessageStatus(ctx: TenantContext, update: StatusUpdate): Promise<MessageRow | undefined> {
  const message = (await advanceOutboundStatus(ctx.tenant.db, update)) ?? (await applyOrKeepUnknown(ctx, update))
  if (!message) {
    ctx.platform.logger.debug({ clientCode: ctx.tenant.clientCode, wamid: update.wamid, status: update.status }, 'status not forward, or kept for a wamid not stored yet')
    return undefined
  }
  await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:status', data: toMessageView(message) })
  return message
}

/** Under the wamid's lock, which the send storing it takes too: applied if it was stored meanwhile, else kept. */
async function applyOrKeepUnknown(ctx: TenantContext, update: StatusUpdate): Promise<MessageRow | undefined> {
  if (await findMessageByWamid(ctx.tenant.db, update.wamid)) return undefined
  return ctx.tenant.db.transaction().execute(async (trx) => {
    await lockWamids(trx, [update.wamid])
    const message = await advanceOutboundStatus(trx, update)
    if (!message && !(await findMessageByWamid(trx, update.wamid))) await keepEarlyStatus(trx, update)
    return message
  })
}
