import type { ConversationRow } from './conversations.repository'

/** Meta's customer-service window: free-form messages are allowed for 24 hours after the contact's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000

/** A conversation as the API, its real-time frames and the SDK show it (spec component `Conversation`). */
export function toConversationView(row: ConversationRow, now = new Date()) {
  const windowEndsAt = row.last_inbound_at ? new Date(row.last_inbound_at.getTime() + SERVICE_WINDOW_MS) : null
  return {
    id: row.id,
    phone: row.phone,
    name: row.name,
    leadId: row.lead_id,
    status: row.status,
    assignedTo: row.assigned_to,
    tags: row.tags,
    unreadCount: row.unread_count,
    lastMessageAt: row.last_message_at?.toISOString() ?? null,
    lastMessagePreview: row.last_message_preview,
    lastInboundAt: row.last_inbound_at?.toISOString() ?? null,
    serviceWindowOpen: windowEndsAt !== null && windowEndsAt > now,
    serviceWindowEndsAt: windowEndsAt?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

export type ConversationView = ReturnType<typeof toConversationView>
