// Installs the packed SDK as a user would, into a project outside the workspace, and uses it from
// ESM, CommonJS and TypeScript (moduleResolution node16 and bundler).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'

const sdk = join(import.meta.dirname, '..')
const tsc = join(sdk, '../../node_modules/typescript/bin/tsc')
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe' })

// A fake fetch answering like the server's health route, so the calls need no server.
const program = `
const erix = createEcodrix({
  baseUrl: 'https://api.example.test',
  apiKey: 'ecx_test',
  clientCode: 'acme',
  fetch: async () => Response.json({ success: true, data: { status: 'ok' } }, { headers: { 'x-request-id': 'req-1' } }),
})
const { data, requestId } = await erix.health.get().withResponse()
console.log(JSON.stringify({ status: data.status, requestId, verifies: typeof verifyWebhook }))
`

const consumer = `
import { createEcodrix, EcodrixError, type components } from '@ecodrix/sdk'
import { verifyWebhook } from '@ecodrix/sdk/webhooks'

type Lead = components['schemas']['Lead']
export async function firstLead(): Promise<Lead | undefined> {
  const erix = createEcodrix({ baseUrl: 'https://api.example.test', apiKey: 'ecx_test', clientCode: 'acme' })
  try {
    const page = await erix.leads.list({ search: 'asha', limit: 1 })
    const { requestId } = await erix.leads.get({ leadId: page[0]?.id ?? 'none' }).withResponse()
    return requestId === null ? undefined : page[0]
  } catch (error) {
    if (error instanceof EcodrixError) return undefined
    throw error
  }
}
export const verify = verifyWebhook
`

test('the packed tarball installs outside the workspace and works from ESM, CJS and TypeScript', { timeout: 300_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ecodrix-sdk-tarball-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--silent', '--pack-destination', dir], sdk)) as [{ filename: string }]
  const project = join(dir, 'consumer')
  run('mkdir', ['-p', project], dir)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
  // openapi-fetch (the types' dependency) comes from the npm cache that `npm ci` filled.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, packed.filename)], project)

  writeFileSync(join(project, 'esm.mjs'), `import { createEcodrix } from '@ecodrix/sdk'\nimport { verifyWebhook } from '@ecodrix/sdk/webhooks'\n${program}`)
  writeFileSync(
    join(project, 'cjs.cjs'),
    `const { createEcodrix } = require('@ecodrix/sdk')\nconst { verifyWebhook } = require('@ecodrix/sdk/webhooks')\n;(async () => {${program}})()`,
  )
  const expected = { status: 'ok', requestId: 'req-1', verifies: 'function' }
  assert.deepEqual(JSON.parse(run('node', ['esm.mjs'], project)), expected)
  assert.deepEqual(JSON.parse(run('node', ['cjs.cjs'], project)), expected)

  writeFileSync(join(project, 'consumer.mts'), consumer)
  writeFileSync(join(project, 'consumer.cts'), consumer)
  writeFileSync(join(project, 'consumer.ts'), consumer)
  const compilerOptions = { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [] }
  const configs = {
    'tsconfig.node16.json': { compilerOptions: { ...compilerOptions, module: 'node16', moduleResolution: 'node16' }, files: ['consumer.mts', 'consumer.cts'] },
    'tsconfig.bundler.json': { compilerOptions: { ...compilerOptions, module: 'esnext', moduleResolution: 'bundler' }, files: ['consumer.ts'] },
  }
  for (const [file, config] of Object.entries(configs)) {
    writeFileSync(join(project, file), JSON.stringify(config))
    try {
      run('node', [tsc, '-p', file], project)
    } catch (error) {
      assert.fail(`tsc -p ${file} failed:\n${(error as { stdout?: string }).stdout}`)
    }
  }
})
