import type { Readable } from 'node:stream'
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { S3Storage } from '../../config/config-schema'
import { contentTypeOfKey } from './content-types'
import { isMediaKey } from './media-key'
import type { MediaStorage } from './media-storage'

/**
 * Objects in an S3-compatible bucket (AWS, MinIO, R2…). With a public URL the bucket (or its CDN)
 * serves them; without one the server streams them from the bucket at `servedAt/<key>`.
 */
export function createS3MediaStorage(settings: S3Storage, servedAt: string): MediaStorage {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // Checksums only where S3 requires them: the SDK's default (on every request, since 2025) is
    // refused by several S3-compatible servers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  return {
    async put(key, bytes) {
      await client.send(
        new PutObjectCommand({ Bucket: settings.bucket, Key: key, Body: bytes, ContentType: contentTypeOfKey(key) }),
      )
    },
    async open(key) {
      if (!isMediaKey(key)) return undefined
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }))
        return { body: object.Body as Readable, contentType: contentTypeOfKey(key), size: object.ContentLength ?? 0 }
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined
        throw error
      }
    },
    urlOf: (key) => `${settings.publicUrl ?? servedAt}/${key}`,
  }
}
