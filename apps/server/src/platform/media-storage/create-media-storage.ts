import { join } from 'node:path'
import type { Config } from '../../config/config-schema'
import { createLocalMediaStorage } from './local-media-storage'
import type { MediaStorage } from './media-storage'

/** The public route that serves stored media (the inbox's `chat.media.get`). */
export const mediaRoutePath = '/api/saas/chat/media'

export async function createMediaStorage(config: Config): Promise<MediaStorage> {
  const servedAt = `${config.publicUrl}${mediaRoutePath}`
  const { storage } = config.media
  if (!storage) return createLocalMediaStorage({ dir: join(config.dataDir, 'media'), servedAt })
  // Loaded only when a bucket is configured: the AWS SDK alone adds about half a second to every start.
  const { createS3MediaStorage } = await import('./s3-media-storage')
  return createS3MediaStorage(storage, servedAt)
}
