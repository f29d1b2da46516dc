import type { MessageRow } from './messages.repository'

const iso = (date: Date | null) => date?.toISOString() ?? null

/** A message as the API, its real-time frames and the SDK show it (spec component `WhatsappMessage`). */
export function toMessageView(row: MessageRow) {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    wamid: row.wamid,
    direction: row.direction,
    type: row.type,
    status: row.status,
    text: row.body,
    content: row.content,
    media: row.media,
    replyTo: row.reply_to_id || row.reply_to_wamid ? { id: row.reply_to_id, wamid: row.reply_to_wamid } : null,
    reaction: row.reaction,
    contactReaction: row.contact_reaction,
    starred: row.starred,
    error: row.error_code !== null || row.error_title !== null ? { code: row.error_code, title: row.error_title } : null,
    eventLogId: row.event_log_id,
    sentAt: iso(row.sent_at),
    deliveredAt: iso(row.delivered_at),
    readAt: iso(row.read_at),
    failedAt: iso(row.failed_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

export type MessageView = ReturnType<typeof toMessageView>
