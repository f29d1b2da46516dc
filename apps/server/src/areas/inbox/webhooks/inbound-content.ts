import type { MessageMedia, MessageType } from '../../../platform/database/tenant-tables'
import { MEDIA_TYPES } from '../messages/message-preview'
import type { InboundMessage } from './webhook-payload'

/** What a received message is stored as (beside its ids and time). */
export interface InboundContent {
  type: MessageType
  /** The text, a caption, the chosen button or row's title: what previews, searches and `message_received`'s `text` show. */
  body: string | null
  /** The type's own object as Meta sent it; for `unsupported`, Meta's whole message. */
  content: Record<string, unknown>
  media: MessageMedia | null
}

/** A contact's reaction to one of the conversation's messages: not a message of its own. */
export interface InboundReaction {
  targetWamid: string
  /** Null when the contact removed their reaction (Meta sends no emoji then). */
  emoji: string | null
}


type Bag = Record<string, unknown>
const isBag = (value: unknown): value is Bag => typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null)

function mediaOf(object: Bag): MessageMedia {
  return { id: text(object.id), url: null, mimeType: text(object.mime_type), size: null, filename: text(object.filename), error: null }
}

function known(type: MessageType, object: Bag): InboundContent | undefined {
  if (MEDIA_TYPES.has(type)) return { type, body: text(object.caption), content: object, media: mediaOf(object) }
  switch (type) {
    case 'text':
      return text(object.body) === null ? undefined : { type, body: text(object.body), content: object, media: null }
    case 'location':
      return { type, body: [text(object.name), text(object.address)].filter(Boolean).join(', ') || null, content: object, media: null }
    case 'interactive': {
      const reply = object.button_reply ?? object.list_reply
      return { type, body: isBag(reply) ? text(reply.title) : null, content: object, media: null }
    }
    case 'button':
      return { type, body: text(object.text), content: object, media: null }
    default:
      return undefined
  }
}

/** Meta's message as stored: one of the types Meta documents, or `unsupported` with the whole message kept. */
export function inboundContentOf(message: InboundMessage): InboundContent | InboundReaction {
  const unsupported: InboundContent = { type: 'unsupported', body: null, content: message, media: null }
  const field = message[message.type]
  if (message.type === 'reaction' && isBag(field) && text(field.message_id)) {
    return { targetWamid: text(field.message_id)!, emoji: text(field.emoji) }
  }
  if (message.type === 'contacts' && Array.isArray(field)) {
    const first = field[0]
    const name = isBag(first) && isBag(first.name) ? text(first.name.formatted_name) : null
    return { type: 'contacts', body: name, content: { contacts: field }, media: null }
  }
  return (isBag(field) && known(message.type as MessageType, field)) || unsupported
}
