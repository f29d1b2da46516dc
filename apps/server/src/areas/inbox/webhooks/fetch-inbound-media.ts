import type { MessageMedia } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import { readSecrets } from '../../clients'
import { storeMedia } from '../media/store-media'
import { largestWhatsappMedia } from '../media/whatsapp-media-types'
import { toMessageView } from '../messages/message-view'
import { type MessageRow, setMessageMedia } from '../messages/messages.repository'
import { isSandboxToken } from '../graph/graph-client'

const GRAPH_TIMEOUT_MS = 30_000

/** Graph's `GET /{media-id}`: a short-lived URL of the media, readable with the same token. */
interface GraphMedia {
  url?: string
  mime_type?: string
  file_size?: number
  error?: { message?: string }
}

async function graphGet(ctx: TenantContext, url: string, token: string): Promise<Response> {
  const response = await ctx.platform.fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS) })
  if (response.ok) return response
  const answer = (await response.json().catch(() => undefined)) as GraphMedia | undefined
  throw new Error(`Graph answered HTTP ${response.status}${answer?.error?.message ? `: ${answer.error.message}` : ''}`)
}

/** The media's bytes from Meta (`GET /{media-id}`, then its URL, both with the tenant's token). */
async function download(ctx: TenantContext, mediaId: string, token: string): Promise<{ bytes: Buffer; mimeType: string | undefined }> {
  const described = (await (await graphGet(ctx, `${ctx.platform.config.whatsappGraphUrl}/${encodeURIComponent(mediaId)}`, token)).json()) as GraphMedia
  if (!described.url) throw new Error('Graph described the media without a url')
  if ((described.file_size ?? 0) > largestWhatsappMedia) throw new Error(`the media is ${described.file_size} bytes, more than WhatsApp carries`)
  const file = await graphGet(ctx, described.url, token)
  return { bytes: Buffer.from(await file.arrayBuffer()), mimeType: described.mime_type }
}

async function fetched(ctx: TenantContext, media: MessageMedia & { id: string }): Promise<MessageMedia | undefined> {
  const { whatsappToken: token } = await readSecrets(ctx.platform, ctx.tenant.clientCode)
  if (!token) return { ...media, error: 'WhatsApp is not configured (whatsappToken): the media was not fetched' }
  // The sandbox has no Meta to fetch from: the message keeps the media id.
  if (isSandboxToken(token)) return undefined
  try {
    const { bytes, mimeType } = await download(ctx, media.id, token)
    const stored = await storeMedia({ ctx, input: { bytes, declaredMimeType: mimeType ?? media.mimeType ?? undefined, filename: media.filename ?? undefined } })
    return { ...media, url: stored.url, mimeType: stored.mimeType, size: stored.size, error: null }
  } catch (error) {
    ctx.platform.logger.warn({ err: error, clientCode: ctx.tenant.clientCode, mediaId: media.id }, 'could not fetch inbound WhatsApp media')
    return { ...media, error: `could not fetch the media from WhatsApp: ${(error as Error).message}` }
  }
}

/**
 * Fetches a received message's media from Meta into media storage, after the message is stored: a
 * failure leaves the message with Meta's media id and the error, never fails the delivery.
 */
export async function fetchInboundMedia(ctx: TenantContext, message: MessageRow): Promise<void> {
  const media = message.media
  if (!media?.id || media.url) return
  const result = await fetched(ctx, { ...media, id: media.id })
  if (!result) return
  const updated = await setMessageMedia(ctx.tenant.db, message.id, result)
  if (updated) await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:status', data: toMessageView(updated) })
}
