import { Readable } from 'node:stream'
import { AppError } from '../../../platform/http/errors'
import { definePlatformOperation } from '../../../platform/http/operations'

/** A stored file never changes (every upload gets a new random name), so caches may keep it for good. */
const cacheForever = 'public, max-age=31536000, immutable'

/**
 * `GET /api/saas/chat/media/{clientCode}/{fileName}`: streams a stored file. The storage opens only
 * keys of the shape it hands out; anything else, or nothing stored, is the same 404.
 */
export const getMediaOperation = definePlatformOperation('media.get', async ({ ctx, input: { clientCode, fileName } }) => {
  const stored = await ctx.platform.mediaStorage.open(`${clientCode}/${fileName}`)
  if (!stored) throw new AppError('NOT_FOUND', 'No such media file')
  const headers = new Headers({
    'content-type': stored.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : stored.contentType,
    'content-length': String(stored.size),
    'cache-control': cacheForever,
    'x-content-type-options': 'nosniff',
    // Served from the API's own origin: nothing in it may run as a page.
    'content-security-policy': "default-src 'none'; sandbox",
  })
  if (!stored.contentType.startsWith('image/')) headers.set('content-disposition', `attachment; filename="${fileName}"`)
  return new Response(Readable.toWeb(stored.body) as ReadableStream, { status: 200, headers })
})
