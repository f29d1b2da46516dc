import type { MessageMedia } from '../../../platform/database/tenant-tables'
import type { NewMessage } from '../messages/messages.repository'
import { graphTemplateComponents, type TemplateParameterValues } from '../templates/template-parameters'
import { previewOf } from '../messages/message-preview'

/** What media a message can send by link (a sticker only as Meta's media id). */
export type OutboundMediaType = 'image' | 'video' | 'audio' | 'document'

export interface TemplateSend extends TemplateParameterValues {
  templateName: string
  language: string
}

/** What an outbound message says: free-form text or media (inside the service window), or a template. */
export type OutboundContent =
  | { type: 'text'; text: string }
  | ({ type: 'template' } & TemplateSend)
  | { type: OutboundMediaType; link: string; caption?: string | undefined }

/** The Cloud API's template object; `components` only when there are parameters. */
function templateObject({ templateName, language, ...values }: TemplateSend) {
  const components = graphTemplateComponents(values)
  return { name: templateName, language: { code: language }, ...(components.length > 0 ? { components } : {}) }
}

/** A document's name as the contact sees it: the link's last path segment (as written when it does not decode). */
function filenameOf(link: string): string | null {
  const segment = new URL(link).pathname.split('/').pop()
  if (!segment) return null
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const HAS_URL = /https?:\/\/\S/i

/** The media a media message sends: its link (and a document's name), nothing Meta holds yet. */
function outboundMedia(content: Extract<OutboundContent, { link: string }>): MessageMedia {
  return { id: null, url: content.link, mimeType: null, size: null, filename: content.type === 'document' ? filenameOf(content.link) : null, error: null }
}

/** The stored row of an outbound message (status `queued`): what the sender rebuilds Meta's body from, and what the inbox shows. */
export function outboundRow(content: OutboundContent): Pick<NewMessage, 'type' | 'body' | 'content' | 'media'> {
  if (content.type === 'text') return { type: 'text', body: content.text, content: '{}' }
  if (content.type === 'template') return { type: 'template', body: null, content: JSON.stringify({ template: templateObject(content) }) }
  return { type: content.type, body: content.caption ?? null, content: '{}', media: JSON.stringify(outboundMedia(content)) }
}

/** What a conversation's list shows for its last message, as for an inbound one of the same type. */
export function outboundPreview(content: OutboundContent): string {
  if (content.type === 'template') return `Template: ${content.templateName}`
  if (content.type === 'text') return previewOf({ type: 'text', body: content.text, media: null })
  return previewOf({ type: content.type, body: content.caption ?? null, media: outboundMedia(content) })
}

export interface QueuedMessage {
  type: string
  body: string | null
  content: Record<string, unknown>
  media: MessageMedia | null
  /** The contact, E.164. */
  phone: string
  /** The wamid of the message this one answers (Meta's `context.message_id`). */
  replyToWamid: string | null
}

/** Meta's body for a queued message, exactly as `POST /{phone-number-id}/messages` takes it. */
export function graphMessageBody(message: QueuedMessage): Record<string, unknown> {
  const envelope = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    // Graph addresses numbers as E.164 digits without the `+`.
    to: message.phone.slice(1),
    ...(message.replyToWamid ? { context: { message_id: message.replyToWamid } } : {}),
  }
  if (message.type === 'text') return { ...envelope, type: 'text', text: { body: message.body, preview_url: HAS_URL.test(message.body ?? '') } }
  if (message.type === 'template') return { ...envelope, type: 'template', template: message.content.template }
  const media: Record<string, unknown> = { link: message.media?.url }
  if (message.body) media.caption = message.body
  if (message.type === 'document' && message.media?.filename) media.filename = message.media.filename
  return { ...envelope, type: message.type, [message.type]: media }
}
