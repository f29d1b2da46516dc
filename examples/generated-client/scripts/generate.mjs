#!/usr/bin/env node
// Generates src/generated/ecodrix-api.ts from the OpenAPI contract with swagger-typescript-api.
// With --check it fails when the file on disk differed from what the contract generates.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateApi } from 'swagger-typescript-api'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outputDir = join(root, 'src', 'generated')

/** Every file of the output folder with its content, to compare before and after generation. */
const snapshot = () =>
  existsSync(outputDir)
    ? Object.fromEntries(readdirSync(outputDir).map((name) => [name, readFileSync(join(outputDir, name), 'utf8')]))
    : {}

const before = snapshot()
await generateApi({
  input: join(root, '..', '..', 'openapi', 'dist', 'openapi.json'),
  output: outputDir,
  fileName: 'ecodrix-api.ts',
  httpClientType: 'fetch',
  // One group of methods per tag: api.clients.clientsCreate(), api.monitoring.healthClient(), …
  moduleNameFirstTag: true,
  enumStyle: 'union',
  // The shared tsconfig uses verbatimModuleSyntax.
  typeOnlyImports: true,
  cleanOutput: true,
  silent: true,
})
const after = snapshot()

const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
const stale = names.filter((name) => before[name] !== after[name])
if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    process.stderr.write(`src/generated was stale and has been regenerated; commit it:\n  ${stale.join('\n  ')}\n`)
    process.exit(1)
  }
  console.log('src/generated is up to date')
} else {
  console.log(`generated src/generated/${Object.keys(after).join(', src/generated/')}`)
}
