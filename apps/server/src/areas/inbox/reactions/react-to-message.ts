import { AppError, invalidField } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import { findConversation } from '../conversations/conversations.repository'
import { isSandboxToken, postGraphMessage } from '../graph/graph-client'
import { foundMessage } from '../messages/found-message'
import { toMessageView } from '../messages/message-view'
import { lockMessageReaction, setMessageReaction } from '../messages/messages.repository'
import { requireServiceWindow } from '../sending/queue-message'
import { requireSendingNumber } from '../sending/sending-number'
import { isReactionEmoji } from './reaction-emoji'

function requireReactionEmoji(emoji: string): void {
  if (isReactionEmoji(emoji)) return
  throw invalidField('body.emoji', 'one emoji (a skin tone, ZWJ sequence or flag counts as one), or "" to remove the reaction')
}

/** Meta's reaction message; the empty emoji removes the reaction. */
const reactionBody = (to: string, wamid: string, emoji: string) => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'reaction',
  reaction: { message_id: wamid, emoji },
})

async function sendReaction(ctx: TenantContext, phone: string, wamid: string, emoji: string): Promise<void> {
  const account = await requireSendingNumber(ctx)
  if (isSandboxToken(account.token)) return
  // Graph addresses numbers as E.164 digits without the `+`.
  const result = await postGraphMessage(ctx.platform.fetch, account, reactionBody(phone.slice(1), wamid, emoji))
  if (result.ok) return
  const meta = `${result.code === null ? '' : `(#${result.code}) `}${result.title}${result.details ? ` (${result.details})` : ''}`
  if (result.retryable) throw new AppError('WHATSAPP_UNAVAILABLE', `WhatsApp could not take the reaction now, try again: ${meta}`)
  throw new AppError('WHATSAPP_REJECTED', `WhatsApp refused the reaction: ${meta}`)
}

export const reactToMessageOperation = defineTenantOperation('reactions.send', async ({ ctx, input }) => {
  requireReactionEmoji(input.emoji)
  const reacted = await ctx.tenant.db.transaction().execute(async (trx) => {
    const target = foundMessage(input.messageId, await lockMessageReaction(trx, input.messageId))
    if (target.wamid === null) {
      throw new AppError('MESSAGE_NOT_SENT', `Message ${target.id} has not reached WhatsApp yet (${target.status}), so it cannot carry a reaction`)
    }
    const conversation = foundMessage(input.messageId, await findConversation(trx, target.conversation_id))
    // A reaction is a free-form message: Meta delivers it only inside the customer-service window.
    requireServiceWindow(conversation, conversation.phone)
    await sendReaction(ctx, conversation.phone, target.wamid, input.emoji)
    return foundMessage(input.messageId, await setMessageReaction(trx, target.id, input.emoji === '' ? null : input.emoji))
  })
  const message = toMessageView(reacted)
  await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:status', data: message })
  return message
})
