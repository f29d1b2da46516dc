import { defineTenantOperation } from '../../../platform/http/operations'
import { storeMedia } from './store-media'

/** `POST /api/saas/chat/upload`: one multipart `file`, stored as WhatsApp can send it. */
export const uploadMediaOperation = defineTenantOperation(
  'media.upload',
  async ({ ctx, input: { file } }) =>
    storeMedia({
      ctx,
      input: { bytes: Buffer.from(await file.arrayBuffer()), declaredMimeType: file.type || undefined, filename: file.name || undefined },
    }),
  // The largest document WhatsApp carries is 100 MB: far past the 1 MiB of JSON bodies.
  { bodyLimitBytes: (config) => config.media.uploadLimitBytes },
)
