import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { tempDataDir } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'

const serverRoot = join(import.meta.dirname, '..', '..')

function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverRoot,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  return { child, output: () => output }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)))

test('the server process starts on the embedded default, answers health, and stops on SIGTERM', async () => {
  const { child, output } = startProcess({ ECODRIX_DATA_DIR: tempDataDir(), PORT: '0' })
  try {
    const [, url] = await waitFor('the server to say where it listens', () => output().match(/listening on (http:\/\/\S+)/), 60_000)
    const health = await fetch(`${url}/api/saas/health`)
    assert.equal(health.status, 200)
    assert.equal(((await health.json()) as { data: { status: string } }).data.status, 'ok')
    assert.match(output(), /Admin key: adm_\S+/)
    assert.match(output(), /keys\.json/)
  } finally {
    child.kill('SIGTERM')
  }
  assert.equal(await exited(child), 0, output())
})

test('invalid configuration exits non-zero with a clear message', async () => {
  const production = startProcess({ NODE_ENV: 'production', ECODRIX_DATA_DIR: tempDataDir() })
  assert.equal(await exited(production.child), 1)
  assert.match(production.output(), /cannot start: NODE_ENV=production requires ECODRIX_ADMIN_KEY and ECODRIX_MASTER_KEY/)

  const badPort = startProcess({ PORT: 'eighty', ECODRIX_DATA_DIR: tempDataDir() })
  assert.equal(await exited(badPort.child), 1)
  assert.match(badPort.output(), /Invalid configuration:\n\s+PORT:/)
})
