import type { Module } from '../../platform/module'
import { sendChatMessageOperation } from './chat/send-chat-message'
import { createConversationOperation } from './conversations/create-conversation'
import { deleteConversationOperation } from './conversations/delete-conversation'
import { getConversationOperation } from './conversations/get-conversation'
import { listConversationsOperation } from './conversations/list-conversations'
import { markConversationReadOperation } from './conversations/mark-conversation-read'
import { updateConversationOperation } from './conversations/update-conversation'
import { listMessagesOperation } from './conversations/messages/list-messages'
import { getMediaOperation } from './media/get-media'
import { uploadMediaOperation } from './media/upload-media'
import { reactToMessageOperation } from './reactions/react-to-message'
import { starMessageOperation } from './messages/star-message'
import { sandboxStatusesJob } from './sending/sandbox-statuses'
import { sendQueuedMessagesJob } from './sending/send-queued-messages.job'
import { sweepOutboundQueueJob } from './sending/sweep-outbound-queue.job'
import { connectRealtimeOperation } from './realtime/connect-realtime'
import { applyWebhookDeliveryJob } from './webhooks/apply-webhook-delivery.job'
import { receiveWebhookOperation } from './webhooks/receive-webhook'
import { sweepWebhookDeliveriesJob } from './webhooks/sweep-webhook-deliveries.job'
import { verifyWebhookOperation } from './webhooks/verify-webhook'
import { createRealtimeTokenOperation } from './realtime/create-realtime-token'

/**
 * The tenant's WhatsApp inbox: Meta's shared webhook (`webhooks/`), conversations and their
 * messages, sending through one outbound queue per number (`sending/`), media (`media/`), and the
 * real-time events their changes publish. Other areas reach it through this file only.
 */
export const inboxModule: Module = {
  name: 'inbox',
  operations: [
    listConversationsOperation,
    createConversationOperation,
    getConversationOperation,
    updateConversationOperation,
    markConversationReadOperation,
    deleteConversationOperation,
    listMessagesOperation,
    sendChatMessageOperation,
    starMessageOperation,
    reactToMessageOperation,
    uploadMediaOperation,
    getMediaOperation,
    connectRealtimeOperation,
    createRealtimeTokenOperation,
    verifyWebhookOperation,
    receiveWebhookOperation,
  ],
  jobs: [sendQueuedMessagesJob, sandboxStatusesJob, sweepOutboundQueueJob, applyWebhookDeliveryJob, sweepWebhookDeliveriesJob],
}

// What the automation engine's send_whatsapp action uses: the same outbound queue as the inbox's own sends.
export { isSandboxToken } from './graph/graph-client'
export { queueMessage } from './sending/queue-message'
export { whatsappTemplateFor } from './templates/whatsapp-templates.repository'
