#!/usr/bin/env node
// Turns the OpenAPI source into everything generated from it:
//   openapi/dist/openapi.json            (bundled spec, served at GET /openapi.json)
//   apps/server/src/generated/routes.ts  (zod schemas + @hono/zod-openapi routes, hono-takibi)
//   packages/sdk/src/generated/paths.ts  (SDK types, openapi-typescript)
// With --check it fails when any of them differed from what is committed.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outputs = [
  'openapi/dist/openapi.json',
  'apps/server/src/generated/routes.ts',
  'packages/sdk/src/generated/paths.ts',
]
const read = (file) => (existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : null)
// A workspace may hold its own copy of a tool when npm could not hoist it.
const bin = (name, cwd) =>
  [join(root, cwd, 'node_modules', '.bin', name), join(root, 'node_modules', '.bin', name)].find(existsSync)
const run = (tool, args, cwd) => {
  const cmd = bin(tool, cwd)
  try {
    execFileSync(cmd, args, { cwd: join(root, cwd), stdio: 'pipe' })
  } catch (error) {
    process.stderr.write(`${tool} ${args.join(' ')} failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}\n`)
    process.exit(1)
  }
}

const before = outputs.map(read)
run('redocly', ['bundle', 'src/openapi.yaml', '--output', 'dist/openapi.json', '--ext', 'json'], 'openapi')
run('hono-takibi', [], 'apps/server')
// Defaults are filled in by the server, so a field with a default stays optional in request bodies.
run('openapi-typescript', ['../../openapi/dist/openapi.json', '-o', 'src/generated/paths.ts', '--default-non-nullable=false'], 'packages/sdk')

if (process.argv.includes('--check')) {
  const stale = outputs.filter((file, i) => read(file) !== before[i])
  if (stale.length > 0) {
    process.stderr.write(
      `Generated files were stale and have been regenerated; commit them:\n  ${stale.join('\n  ')}\n`,
    )
    process.exit(1)
  }
  console.log('generated files are up to date')
} else {
  console.log(`generated:\n  ${outputs.join('\n  ')}`)
}
