import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError } from '../../../platform/http/errors'
import { inOutboxTransaction } from '../../../platform/outbox/outbox'
import { appendOutboxEvents } from '../../../platform/outbox/outbox.repository'
import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import { createLeadWith, findOpenLeadByPhone, toE164 } from '../../crm'
import { replyAutomatically } from '../auto-replies/reply-automatically'
import { toConversationView } from '../conversations/conversation-view'
import { findConversationByPhone, recordInboundMessage, upsertInboundConversation } from '../conversations/conversations.repository'
import { publishConversationUpdated } from '../conversations/publish-conversation'
import { previewOf } from '../messages/message-preview'
import { toMessageView } from '../messages/message-view'
import { findMessageByWamid, insertInboundMessage, type MessageRow, setContactReaction } from '../messages/messages.repository'
import { type InboundContent, inboundContentOf } from './inbound-content'
import { type InboundMessage, metaTime } from './webhook-payload'

/** The automation engine's system trigger, fired once per received message. */
const MESSAGE_RECEIVED = 'message_received'

interface Received {
  message: MessageRow
  conversation: Awaited<ReturnType<typeof recordInboundMessage>>
}

/**
 * In the caller's transaction: the conversation, the message (once: its wamid is unique) and, only
 * when the message is new, the conversation's counters and the `message_received` outbox row.
 */
async function storeReceived(
  trx: Transaction<TenantTables>,
  leadId: string,
  phone: string,
  name: string | null,
  message: InboundMessage,
  content: InboundContent,
): Promise<Received | undefined> {
  const conversation = await upsertInboundConversation(trx, { phone, name, leadId })
  const replyTo = message.context?.id ? await findMessageByWamid(trx, message.context.id) : undefined
  const at = metaTime(message.timestamp)
  const stored = await insertInboundMessage(trx, {
    conversation_id: conversation.id,
    wamid: message.id,
    type: content.type,
    body: content.body,
    content: JSON.stringify(content.content),
    media: content.media ? JSON.stringify(content.media) : null,
    reply_to_id: replyTo?.id ?? null,
    reply_to_wamid: message.context?.id ?? null,
    created_at: at,
  })
  if (!stored) return undefined
  const updated = await recordInboundMessage(trx, conversation.id, { at, preview: previewOf(content) })
  const variables = { text: content.body ?? '', type: content.type, phone, conversationId: conversation.id, messageId: stored.id }
  await appendOutboxEvents(trx, [{ type: MESSAGE_RECEIVED, leadId: updated.lead_id ?? leadId, payload: { variables } }])
  return { message: stored, conversation: updated }
}

/**
 * Stores a received message with its lead: the conversation's, else the open lead with that phone,
 * else a new one (source `whatsapp`, the profile name) made in the same transaction as the message.
 */
async function receive(ctx: TenantContext, phone: string, name: string | null, message: InboundMessage, content: InboundContent) {
  const { db } = ctx.tenant
  const leadId = (await findConversationByPhone(db, phone))?.lead_id ?? (await findOpenLeadByPhone(db, phone))?.id
  if (leadId) return inOutboxTransaction(ctx, (trx) => storeReceived(trx, leadId, phone, name, message, content))
  try {
    const lead = { phone, source: 'whatsapp', ...(name ? { firstName: name } : {}) }
    const created = await createLeadWith(ctx, lead, (trx, row) => storeReceived(trx, row.id, phone, name, message, content))
    return created.alongside
  } catch (error) {
    // Another message from the same phone created the lead first: this one joins it.
    if (error instanceof AppError && error.code === 'LEAD_EXISTS') return receive(ctx, phone, name, message, content)
    throw error
  }
}

/** A contact's reaction lands on the message it reacts to, as its `contactReaction`. */
async function applyReaction(ctx: TenantContext, targetWamid: string, emoji: string | null): Promise<void> {
  const target = await setContactReaction(ctx.tenant.db, targetWamid, emoji)
  if (!target) {
    ctx.platform.logger.debug({ clientCode: ctx.tenant.clientCode, wamid: targetWamid }, 'reaction to a message not in the inbox: ignored')
    return
  }
  await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:status', data: toMessageView(target) })
}

/** Applies one message Meta delivered; answers the stored message when it is new (undefined for a redelivery or a reaction). */
export async function applyInboundMessage(ctx: TenantContext, message: InboundMessage, profileName: string | undefined): Promise<MessageRow | undefined> {
  // A redelivery (Meta retries for days) costs one read; a concurrent one is caught by the unique wamid.
  if (await findMessageByWamid(ctx.tenant.db, message.id)) return undefined
  const content = inboundContentOf(message)
  if ('targetWamid' in content) return void (await applyReaction(ctx, content.targetWamid, content.emoji))
  // Meta sends the contact's number as digits without the `+`.
  const phone = toE164(`+${message.from.replace(/^\+/, '')}`, ctx.tenant.defaultCountry)
  if (!phone) {
    ctx.platform.logger.warn({ clientCode: ctx.tenant.clientCode, from: message.from, wamid: message.id }, 'message from a number that is not one: ignored')
    return undefined
  }
  const received = await receive(ctx, phone, profileName ?? null, message, content)
  if (!received) return undefined
  await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:new', data: toMessageView(received.message) })
  await publishConversationUpdated(ctx, toConversationView(received.conversation))
  await replyAutomatically(ctx, received.message, received.conversation)
  return received.message
}
