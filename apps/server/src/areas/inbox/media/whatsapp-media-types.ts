import { contentTypeByExtension, type MediaContentType } from '../../../platform/media-storage/content-types'

const MB = 1_000_000

/**
 * What WhatsApp Cloud API accepts, and the largest of each (Meta's "Supported media types"). Meta
 * says MB; counted in decimal megabytes, so whatever is stored here Meta takes.
 */
export const whatsappMaxBytes: Record<MediaContentType, number> = {
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 500_000, // stickers (animated; a static one is 100 KB, which Meta checks itself)
  'video/mp4': 16 * MB,
  'video/3gpp': 16 * MB,
  'audio/aac': 16 * MB,
  'audio/amr': 16 * MB,
  'audio/mpeg': 16 * MB,
  'audio/mp4': 16 * MB,
  'audio/ogg': 16 * MB,
  'application/pdf': 100 * MB,
  'application/msword': 100 * MB,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100 * MB,
  'application/vnd.ms-excel': 100 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100 * MB,
  'application/vnd.ms-powerpoint': 100 * MB,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100 * MB,
  'text/plain': 100 * MB,
}

export const largestWhatsappMedia = Math.max(...Object.values(whatsappMaxBytes))

const isWhatsappType = (type: string | undefined): type is MediaContentType => type !== undefined && type in whatsappMaxBytes

/** Old Office files share one container (CFB); only the sender's claim tells them apart. */
const cfbTypes = new Set<string>(['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint'])

/** The type the sender claims: the declared one, else the file name's extension. */
function claimedType(declaredMimeType: string | undefined, filename: string | undefined): string | undefined {
  const declared = declaredMimeType?.split(';')[0]!.trim().toLowerCase()
  if (declared && declared !== 'application/octet-stream') return declared
  const extension = filename?.slice(filename.lastIndexOf('.') + 1).toLowerCase()
  if (extension === 'jpeg') return 'image/jpeg'
  return extension && Object.hasOwn(contentTypeByExtension, extension)
    ? contentTypeByExtension[extension as keyof typeof contentTypeByExtension]
    : undefined
}

function isPlainText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/**
 * The WhatsApp type of the bytes, read from their content (a claim only settles what the bytes
 * cannot: which Office file, audio-only MP4, plain text); undefined when it is none WhatsApp takes.
 */
export async function whatsappTypeOf(
  bytes: Buffer,
  declaredMimeType: string | undefined,
  filename: string | undefined,
): Promise<MediaContentType | undefined> {
  const claimed = claimedType(declaredMimeType, filename)
  // Loaded on first use, like sharp: not worth its start-up cost to a node that never sees media.
  const { fileTypeFromBuffer } = await import('file-type')
  const detected = (await fileTypeFromBuffer(bytes))?.mime
  if (detected === undefined) return claimed === 'text/plain' && isPlainText(bytes) ? 'text/plain' : undefined
  if (detected === 'application/x-cfb') return claimed && cfbTypes.has(claimed) ? (claimed as MediaContentType) : undefined
  if (detected === 'video/mp4' && claimed === 'audio/mp4') return 'audio/mp4'
  if (detected === 'audio/x-m4a') return 'audio/mp4'
  // Meta's own voice notes are `audio/ogg; codecs=opus`.
  if (detected.startsWith('audio/ogg')) return 'audio/ogg'
  return isWhatsappType(detected) ? detected : undefined
}
