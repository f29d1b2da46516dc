// The main entry as a user's bundler would ship it: minified, gzipped, openapi-fetch inlined as in dist.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const LIMIT_BYTES = 10_000

test(`the main entry stays under ${LIMIT_BYTES / 1000} kB minified and gzipped`, async () => {
  const { outputFiles } = await build({
    entryPoints: [join(import.meta.dirname, '../src/index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'node18',
    platform: 'neutral',
    write: false,
  })
  const size = gzipSync(outputFiles[0]?.contents ?? new Uint8Array()).length
  console.log(`@ecodrix/sdk main entry: ${(size / 1000).toFixed(1)} kB minified + gzipped`)
  assert.ok(size < LIMIT_BYTES, `${size} bytes`)
})
