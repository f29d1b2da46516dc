import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { contentTypeOfKey } from './content-types'
import { isMediaKey } from './media-key'
import type { MediaStorage } from './media-storage'

/** Files under `dir`, one folder per tenant, served by the server itself at `servedAt/<key>`. */
export function createLocalMediaStorage({ dir, servedAt }: { dir: string; servedAt: string }): MediaStorage {
  return {
    async put(key, bytes) {
      const path = join(dir, key)
      await mkdir(dirname(path), { recursive: true })
      // Written aside and renamed, so a reader never sees half a file.
      const partial = `${path}.${randomBytes(6).toString('hex')}.partial`
      try {
        await writeFile(partial, bytes, { flag: 'wx', mode: 0o640 })
        await rename(partial, path)
      } catch (error) {
        await rm(partial, { force: true })
        throw error
      }
    },
    async open(key) {
      if (!isMediaKey(key)) return undefined
      const path = join(dir, key)
      const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined
        throw error
      })
      if (!found?.isFile()) return undefined
      return { body: createReadStream(path), contentType: contentTypeOfKey(key), size: found.size }
    },
    urlOf: (key) => `${servedAt}/${key}`,
  }
}
