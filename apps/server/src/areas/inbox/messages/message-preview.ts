import type { MessageMedia, MessageType } from '../../../platform/database/tenant-tables'

/** The types whose message is a file: Meta's media object, a caption at most. */
export const MEDIA_TYPES = new Set<MessageType>(['image', 'video', 'audio', 'document', 'sticker'])
const PREVIEW_LENGTH = 200

const LABELS: Partial<Record<MessageType, string>> = {
  image: 'Photo',
  video: 'Video',
  audio: 'Audio',
  document: 'Document',
  sticker: 'Sticker',
  location: 'Location',
  contacts: 'Contact',
  unsupported: 'Unsupported message',
}

/** The conversation list's one line for a message. */
export function previewOf(message: { type: MessageType; body: string | null; media: MessageMedia | null }): string {
  const label = LABELS[message.type]
  const line = message.body ?? message.media?.filename ?? label ?? message.type
  return (label && message.body && MEDIA_TYPES.has(message.type) ? `${label}: ${line}` : line).slice(0, PREVIEW_LENGTH)
}
