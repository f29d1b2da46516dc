import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { publishRealtime } from '../../../platform/realtime/publish'
import { toMessageView } from '../messages/message-view'
import { failWaitingMessages } from '../messages/messages.repository'
import { broadcastViews, requireBroadcast } from './broadcast-view'
import { cancelPendingRecipients, cancelRecipientsOfMessages, markBroadcastCancelled, waitingMessageIds } from './broadcasts.repository'

export const CANCELLED_TITLE = 'Cancelled with its broadcast'

/**
 * Cancels in one transaction what has not left: pending recipients, and the broadcast's messages
 * still waiting in the queue (failed, their recipients cancelled). The broadcast's row lock waits
 * for a feeder's chunk in progress, so its messages are among those cancelled. Messages already
 * in flight to Graph go.
 */
export const cancelBroadcastOperation = defineTenantOperation('broadcasts.cancel', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const broadcast = await requireBroadcast(db, input.broadcastId)
  const result = await db.transaction().execute(async (trx) => {
    const cancelled = await markBroadcastCancelled(trx, broadcast.id)
    if (!cancelled) return undefined
    await cancelPendingRecipients(trx, broadcast.id)
    const failed = await failWaitingMessages(trx, await waitingMessageIds(trx, broadcast.id), CANCELLED_TITLE)
    await cancelRecipientsOfMessages(trx, failed.map((message) => message.id))
    return { cancelled, failed }
  })
  if (!result) throw new AppError('BROADCAST_FINISHED', `Broadcast ${broadcast.id} is already ${(await requireBroadcast(db, broadcast.id)).status}`)
  for (const message of result.failed) await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:status', data: toMessageView(message) })
  const [view] = await broadcastViews(db, [result.cancelled])
  return view!
})
