import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import { findOpenLeadByPhone } from '../../crm'
import { toConversationView } from '../conversations/conversation-view'
import { type ConversationRow, findConversationByPhone, insertConversationIfAbsent, recordOutboundMessage } from '../conversations/conversations.repository'
import { publishConversationUpdated } from '../conversations/publish-conversation'
import { toMessageView } from '../messages/message-view'
import { findMessage, insertOutboundMessage } from '../messages/messages.repository'
import { type OutboundContent, outboundPreview, outboundRow } from './outbound-message'
import { requireSendingNumber } from './sending-number'
import { wakeSender } from './wake-sender'

export interface QueueMessageInput {
  /** The contact, E.164. */
  to: string
  content: OutboundContent
  /** Our id of the message this one answers, in the same conversation. */
  replyToId?: string | undefined
  /** The automation event whose action sends it. */
  eventLogId?: string | undefined
  /** The lead the sender knows the contact as; else the open lead with that phone. */
  leadId?: string | undefined
}

export function requireServiceWindow(conversation: ConversationRow | undefined, to: string): void {
  if (conversation && toConversationView(conversation).serviceWindowOpen) return
  throw new AppError(
    'OUTSIDE_SERVICE_WINDOW',
    `${to} has not written in the last 24 hours: outside Meta's customer-service window only an approved template may be sent`,
  )
}

async function replyTarget(ctx: TenantContext, conversation: ConversationRow | undefined, replyToId: string) {
  const target = conversation ? await findMessage(ctx.tenant.db, replyToId) : undefined
  if (!target || target.conversation_id !== conversation?.id) {
    throw new AppError('MESSAGE_NOT_FOUND', `No message ${replyToId} in the conversation with this phone`, [
      { path: 'body.replyTo', message: 'Not a message of the conversation with this phone' },
    ])
  }
  return target
}

/** The phone's conversation, created (linked to its lead) when it has none. */
async function conversationFor(db: Transaction<TenantTables>, existing: ConversationRow | undefined, to: string, leadId: string | undefined) {
  for (let found = existing; ; found = await findConversationByPhone(db, to)) {
    if (found) return found
    const lead = leadId ?? (await findOpenLeadByPhone(db, to))?.id ?? null
    // Another writer may create it meanwhile (the insert then does nothing and it is read), or delete it.
    const created = await insertConversationIfAbsent(db, { phone: to, lead_id: lead })
    if (created) return created
  }
}

/**
 * Queues an outbound message (status `queued`) for the tenant's number to send: free-form text or
 * media only inside the contact's 24-hour window, a template at any time. The conversation is
 * created when the phone has none, and shows the message as its last; the sender job is woken.
 */
export async function queueMessage({ ctx, input }: { ctx: TenantContext; input: QueueMessageInput }) {
  await requireSendingNumber(ctx)
  const existing = await findConversationByPhone(ctx.tenant.db, input.to)
  if (input.content.type !== 'template') requireServiceWindow(existing, input.to)
  const replyTo = input.replyToId === undefined ? undefined : await replyTarget(ctx, existing, input.replyToId)
  const { message, updated } = await ctx.tenant.db.transaction().execute(async (trx) => {
    const conversation = await conversationFor(trx, existing, input.to, input.leadId)
    const queued = await insertOutboundMessage(trx, {
      conversation_id: conversation.id,
      ...outboundRow(input.content),
      reply_to_id: replyTo?.id ?? null,
      reply_to_wamid: replyTo?.wamid ?? null,
      event_log_id: input.eventLogId ?? null,
    })
    const preview = outboundPreview(input.content)
    return { message: queued, updated: await recordOutboundMessage(trx, conversation.id, { at: queued.created_at, preview, leadId: input.leadId ?? null }) }
  })
  const view = toMessageView(message)
  await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:new', data: view })
  await publishConversationUpdated(ctx, toConversationView(updated))
  await wakeSender(ctx)
  return view
}
