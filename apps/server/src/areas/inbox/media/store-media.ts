import { extensionOf, type MediaContentType } from '../../../platform/media-storage/content-types'
import { newMediaKey } from '../../../platform/media-storage/media-key'
import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { cleanImage, isImageType } from './clean-image'
import { largestWhatsappMedia, whatsappMaxBytes, whatsappTypeOf } from './whatsapp-media-types'

export interface StoreMediaInput {
  bytes: Buffer
  /** What the sender says it is; the bytes decide, this only settles what they cannot. */
  declaredMimeType?: string | undefined
  filename?: string | undefined
}

export interface StoredMediaFile {
  url: string
  mimeType: MediaContentType
  size: number
  width?: number
  height?: number
}

const tooLarge = (limit: number, type?: string) =>
  new AppError('PAYLOAD_TOO_LARGE', `${type ? `${type} files` : 'Media files'} may be at most ${limit} bytes`)

/**
 * Keeps a file WhatsApp can carry (an upload, or media received from Meta) in the tenant's media
 * storage: its type read from its bytes (415 for any other), within WhatsApp's limit for that type
 * (413), an image re-encoded without its metadata and with its orientation applied.
 */
export async function storeMedia({ ctx, input }: { ctx: TenantContext; input: StoreMediaInput }): Promise<StoredMediaFile> {
  if (input.bytes.length > largestWhatsappMedia) throw tooLarge(largestWhatsappMedia)
  const mimeType = await whatsappTypeOf(input.bytes, input.declaredMimeType, input.filename)
  if (!mimeType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'WhatsApp does not carry files of this type')
  const limit = whatsappMaxBytes[mimeType]
  if (input.bytes.length > limit) throw tooLarge(limit, mimeType)

  const image = isImageType(mimeType) ? await cleanImage(input.bytes, mimeType, limit) : undefined
  const bytes = image?.bytes ?? input.bytes
  if (bytes.length > limit) throw tooLarge(limit, mimeType)

  const key = newMediaKey(ctx.tenant.clientCode, extensionOf(mimeType))
  await ctx.platform.mediaStorage.put(key, bytes)
  const stored: StoredMediaFile = { url: ctx.platform.mediaStorage.urlOf(key), mimeType, size: bytes.length }
  if (image) Object.assign(stored, { width: image.width, height: image.height })
  return stored
}
