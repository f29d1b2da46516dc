import { randomBytes } from 'node:crypto'
import { contentTypeByExtension, type MediaExtension } from './content-types'

const keyShape = new RegExp(`^[a-z][a-z0-9_]{2,39}/[A-Za-z0-9_-]{22}\\.(${Object.keys(contentTypeByExtension).join('|')})$`)

/** A new key under the tenant's prefix: 128 random bits, so no URL can be guessed from another. */
export function newMediaKey(clientCode: string, extension: MediaExtension): string {
  return `${clientCode}/${randomBytes(16).toString('base64url')}.${extension}`
}

/** Only keys `newMediaKey` can produce: nothing else (`..`, `/`, `%2f`) reaches a file system or bucket. */
export function isMediaKey(key: string): boolean {
  return keyShape.test(key)
}
