import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import type { ConversationRow } from '../conversations/conversations.repository'
import type { MessageRow } from '../messages/messages.repository'
import { queueMessage } from '../sending/queue-message'
import { autoReplyFor } from './auto-replies-for'
import { claimAutoReply, recordAutoReplyOutcome } from './auto-replies.repository'
import { replyContent } from './reply-content'

/**
 * Answers a newly received text message with the first matching flow's reply, else the fallback,
 * queued in its conversation. The claim `auto-reply:<wamid>` is unique: whatever redelivers or
 * retries the message, at most one reply is queued. A reply refused by the rules of sending (the
 * template no longer approved, the number no longer configured) is recorded on the claim and
 * logged, not retried: the webhook's delivery succeeds.
 */
export async function replyAutomatically(ctx: TenantContext, message: MessageRow, conversation: ConversationRow): Promise<void> {
  if (message.type !== 'text' || !message.body || !message.wamid) return
  const answer = await autoReplyFor(ctx, message.body).catch((error: unknown) => {
    // Flows saved under older limits that no longer compile must not hold up the tenant's webhook.
    if (!(error instanceof AppError)) throw error
    ctx.platform.logger.error({ clientCode: ctx.tenant.clientCode, err: error }, 'saved auto-reply flows do not compile: no auto-reply')
    return undefined
  })
  if (!answer?.reply) return
  const { db } = ctx.tenant
  const claimed = await claimAutoReply(db, { idempotencyKey: `auto-reply:${message.wamid}`, inboundMessageId: message.id, flowId: answer.flowId })
  if (!claimed) return
  try {
    const content = await replyContent(ctx, answer.reply, answer.flowId ? `flows.${answer.flowId}.reply` : 'fallback')
    const queued = await queueMessage({ ctx, input: { to: conversation.phone, content, leadId: conversation.lead_id ?? undefined } })
    await recordAutoReplyOutcome(db, claimed, { replyMessageId: queued.id })
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    ctx.platform.logger.warn({ clientCode: ctx.tenant.clientCode, wamid: message.wamid, flowId: answer.flowId, code: error.code }, 'auto-reply not sent')
    await recordAutoReplyOutcome(db, claimed, { error: `${error.code}: ${error.message}` })
  }
}
