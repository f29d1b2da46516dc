import type { TenantContext } from '../../../platform/platform'
import { openLeadIdsByPhone } from '../../crm'
import { recordOutboundToPhones } from '../conversations/conversations.repository'
import { insertOutboundMessages } from '../messages/messages.repository'
import { type OutboundContent, outboundPreview, outboundRow } from '../sending/outbound-message'
import { claimPendingRecipients, lockBroadcastToFeed, markBroadcastStarted, markRecipientsQueued } from './broadcasts.repository'

/**
 * Hands up to `limit` of the broadcast's pending recipients, in order, to the outbound queue, in one
 * transaction: their conversations (created when absent, linked to the lead), one queued template
 * message each, and each recipient marked queued with its message. A feeder that stops mid-way
 * leaves them all pending, one that commits leaves none: nobody is queued twice. Answers how many.
 */
export async function feedBroadcastChunk(ctx: TenantContext, broadcastId: string, limit: number): Promise<number> {
  return ctx.tenant.db.transaction().execute(async (trx) => {
    const broadcast = await lockBroadcastToFeed(trx, broadcastId)
    if (!broadcast) return 0
    const recipients = await claimPendingRecipients(trx, broadcastId, limit)
    if (recipients.length === 0) return 0
    const phones = recipients.map((recipient) => recipient.phone!)
    const leads = await openLeadIdsByPhone(trx, phones)
    const content = (variables: string[]): OutboundContent => ({ type: 'template', templateName: broadcast.template_name, language: broadcast.language, parameters: variables })
    const conversations = await recordOutboundToPhones(
      trx,
      recipients.map((recipient) => ({ phone: recipient.phone!, leadId: recipient.lead_id ?? leads.get(recipient.phone!) ?? null })),
      outboundPreview(content([])),
    )
    const conversationOf = new Map(conversations.map((conversation) => [conversation.phone, conversation.id]))
    const recipientOf = new Map(recipients.map((recipient) => [conversationOf.get(recipient.phone!)!, recipient.position]))
    const messages = await insertOutboundMessages(
      trx,
      recipients.map((recipient) => ({ conversation_id: conversationOf.get(recipient.phone!)!, ...outboundRow(content(recipient.variables)) })),
    )
    await markRecipientsQueued(trx, broadcastId, messages.map((message) => ({ position: recipientOf.get(message.conversation_id)!, message_id: message.id })))
    await markBroadcastStarted(trx, broadcastId)
    return recipients.length
  })
}
