import assert from 'node:assert/strict'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { ConfigError, loadConfig } from '../../src/config/load-config'
import { tempDataDir } from '../helpers/test-server'

const goodKeys = { ECODRIX_ADMIN_KEY: 'a'.repeat(32), ECODRIX_MASTER_KEY: 'cd'.repeat(32) }

test('defaults: port 3000, data dir ./.ecodrix, role all, 1 MiB body limit, embedded database', () => {
  const { config } = loadConfig({ ...goodKeys })
  assert.equal(config.port, 3000)
  assert.equal(config.dataDir, join(process.cwd(), '.ecodrix'))
  assert.equal(config.role, 'all')
  assert.equal(config.bodyLimitBytes, 1024 * 1024)
  assert.equal(config.databaseUrl, undefined)
  assert.equal(config.masterKey.length, 32)
})

test('production requires both keys and names the missing ones', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /ECODRIX_ADMIN_KEY and ECODRIX_MASTER_KEY/)
  assert.throws(() => loadConfig({ NODE_ENV: 'production', ECODRIX_ADMIN_KEY: goodKeys.ECODRIX_ADMIN_KEY }), /requires ECODRIX_MASTER_KEY to be set/)
  const { config, storedAdminKey } = loadConfig({ NODE_ENV: 'production', ...goodKeys })
  assert.equal(storedAdminKey, undefined)
  assert.equal(config.adminKey, goodKeys.ECODRIX_ADMIN_KEY)
})

test('outside production missing keys are generated once, kept private in the data dir', () => {
  const dataDir = tempDataDir()
  const first = loadConfig({ ECODRIX_DATA_DIR: dataDir })
  assert.deepEqual(first.storedAdminKey, { file: join(dataDir, 'keys.json'), generated: true })
  assert.equal(statSync(first.storedAdminKey!.file).mode & 0o777, 0o600)
  const second = loadConfig({ ECODRIX_DATA_DIR: dataDir })
  assert.deepEqual(second.storedAdminKey, { file: join(dataDir, 'keys.json'), generated: false })
  assert.equal(second.config.adminKey, first.config.adminKey)
  assert.ok(second.config.masterKey.equals(first.config.masterKey))
  const explicit = loadConfig({ ECODRIX_DATA_DIR: tempDataDir(), ...goodKeys })
  assert.equal(explicit.storedAdminKey, undefined)
  assert.ok(!existsSync(join(explicit.config.dataDir, 'keys.json')))
})

const invalid: [string, Record<string, string>, RegExp][] = [
  ['an empty admin key', { ...goodKeys, ECODRIX_ADMIN_KEY: '' }, /ECODRIX_ADMIN_KEY: must be at least 24 characters/],
  ['a short master key', { ...goodKeys, ECODRIX_MASTER_KEY: 'abcd' }, /ECODRIX_MASTER_KEY: must be 32 bytes/],
  ['a port out of range', { ...goodKeys, PORT: '70000' }, /PORT/],
  ['a non-numeric port', { ...goodKeys, PORT: 'eighty' }, /PORT/],
  ['a non-PostgreSQL DATABASE_URL', { ...goodKeys, DATABASE_URL: 'mongodb://localhost/x' }, /DATABASE_URL: must be a postgres/],
  ['an empty DATABASE_URL', { ...goodKeys, DATABASE_URL: '' }, /DATABASE_URL/],
  ['an unknown role', { ...goodKeys, ECODRIX_ROLE: 'scheduler' }, /ECODRIX_ROLE/],
  ['a tiny body limit', { ...goodKeys, ECODRIX_BODY_LIMIT_BYTES: '10' }, /ECODRIX_BODY_LIMIT_BYTES/],
]
for (const [name, env, message] of invalid) {
  test(`invalid config: ${name} → a clear ConfigError`, () => {
    assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message))
  })
}

test('a base64 master key is accepted as well as hex', () => {
  const { config } = loadConfig({ ...goodKeys, ECODRIX_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') })
  assert.ok(config.masterKey.equals(Buffer.alloc(32, 7)))
})

test('HTTP client limits: defaults, set through the environment, headers timeout within the request timeout', () => {
  assert.deepEqual(loadConfig({ ...goodKeys }).config.http, {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 60_000,
    keepAliveTimeoutMs: 5_000,
    maxConnections: 4_096,
    maxRequestsPerSocket: 1_000,
  })
  const { config } = loadConfig({ ...goodKeys, ECODRIX_HTTP_HEADERS_TIMEOUT_MS: '500', ECODRIX_HTTP_MAX_REQUESTS_PER_SOCKET: '0' })
  assert.equal(config.http.headersTimeoutMs, 500)
  assert.equal(config.http.maxRequestsPerSocket, 0)
  assert.throws(() => loadConfig({ ...goodKeys, ECODRIX_HTTP_HEADERS_TIMEOUT_MS: '70000' }), /must not exceed ECODRIX_HTTP_REQUEST_TIMEOUT_MS/)
})
