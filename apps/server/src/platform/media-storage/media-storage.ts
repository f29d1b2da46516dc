import type { Readable } from 'node:stream'
import type { MediaContentType } from './content-types'

/** A stored object, opened for reading. */
export interface StoredMedia {
  body: Readable
  contentType: MediaContentType
  size: number
}

/**
 * Where media bytes live: the data dir or an S3-compatible bucket (`create-media-storage.ts`).
 * Keys come from `newMediaKey`; their extension is the content type.
 */
export interface MediaStorage {
  put(key: string, bytes: Buffer): Promise<void>
  /** The object, or undefined when the key is malformed or nothing is stored under it. */
  open(key: string): Promise<StoredMedia | undefined>
  /** The absolute URL the object is fetched at. */
  urlOf(key: string): string
}
