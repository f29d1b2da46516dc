import type { Module } from '../../platform/module'
import { cancelBroadcastOperation } from './broadcasts/cancel-broadcast'
import { createBroadcastOperation } from './broadcasts/create-broadcast'
import { feedBroadcastsJob } from './broadcasts/feed-broadcasts.job'
import { getBroadcastOperation } from './broadcasts/get-broadcast'
import { listBroadcastRecipientsOperation } from './broadcasts/list-broadcast-recipients'
import { listBroadcastsOperation } from './broadcasts/list-broadcasts'
import { sweepBroadcastsJob } from './broadcasts/sweep-broadcasts.job'
import { getAutoRepliesOperation } from './auto-replies/get-auto-replies'
import { saveAutoRepliesOperation } from './auto-replies/save-auto-replies'
import { testAutoRepliesOperation } from './auto-replies/test-auto-replies'
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
import { getTemplateOperation } from './templates/get-template'
import { listCollectionFieldsOperation } from './collections/list-collection-fields'
import { listCollectionsOperation } from './collections/list-collections'
import { listTemplatesOperation } from './templates/list-templates'
import { previewTemplateOperation } from './templates/preview-template'
import { syncTemplatesOperation } from './templates/sync-templates'
import { updateTemplateMappingOperation } from './templates/update-template-mapping'
import { validateTemplateOperation } from './templates/validate-template'

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
    createBroadcastOperation,
    listBroadcastsOperation,
    getBroadcastOperation,
    listBroadcastRecipientsOperation,
    cancelBroadcastOperation,
    starMessageOperation,
    reactToMessageOperation,
    getAutoRepliesOperation,
    saveAutoRepliesOperation,
    testAutoRepliesOperation,
    uploadMediaOperation,
    getMediaOperation,
    connectRealtimeOperation,
    createRealtimeTokenOperation,
    verifyWebhookOperation,
    receiveWebhookOperation,
    syncTemplatesOperation,
    listTemplatesOperation,
    getTemplateOperation,
    updateTemplateMappingOperation,
    validateTemplateOperation,
    previewTemplateOperation,
    listCollectionsOperation,
    listCollectionFieldsOperation,
  ],
  jobs: [sendQueuedMessagesJob, sandboxStatusesJob, sweepOutboundQueueJob, applyWebhookDeliveryJob, sweepWebhookDeliveriesJob, feedBroadcastsJob, sweepBroadcastsJob],
}

// What the automation engine's send_whatsapp action uses: the same outbound queue as the inbox's own sends.
export { isSandboxToken } from './graph/graph-client'
export { queueMessage } from './sending/queue-message'
export { whatsappTemplateFor } from './templates/whatsapp-templates.repository'
export { type TemplateVariable, type TemplateVariableComponent, templateVariables } from './templates/template-variables'
// The one resolution of a template's parameters: automations' send_whatsapp, previews and broadcasts.
export { resolveTemplate, type TemplateResolution } from './templates/resolve-template'
export { resolveTemplateSend } from './templates/resolve-template-send'
export type { TemplateParameterValues } from './templates/template-parameters'
