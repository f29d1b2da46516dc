import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, test } from 'node:test'
import pino from 'pino'
import { loadConfig } from '../../src/config/load-config'
import { MasterKeyMismatchError } from '../../src/platform/database/master-key-check'
import { startServer } from '../../src/server'
import { request } from '../helpers/http'
import { tempDataDir } from '../helpers/test-server'

// The new user's path: no DATABASE_URL, no keys. PostgreSQL is started from the embedded package
// with its cluster, and the generated keys, under the data dir.
const dataDir = tempDataDir()
const env = { ECODRIX_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development' }
const logger = pino({ level: 'silent' })
after(() => rmSync(dataDir, { recursive: true, force: true }))

test('tenants, keys and secrets survive a restart of the embedded default', async () => {
  const first = loadConfig(env)
  assert.ok(first.storedAdminKey?.file.startsWith(dataDir))
  const server = await startServer(first.config, { logger })
  let tenant: { clientCode: string; apiKey: string }
  try {
    const created = await request(server as { url: string }, 'POST', '/api/clients', {
      headers: { authorization: `Bearer ${first.config.adminKey}` },
      json: { name: 'Survivor', clientCode: 'survivor' },
    })
    assert.equal(created.status, 201)
    tenant = created.body.data
    const secrets = await request(server as { url: string }, 'POST', '/api/clients/survivor/secrets', {
      headers: { authorization: `Bearer ${first.config.adminKey}` },
      json: { whatsappToken: 'mock_kept', whatsappPhoneNumberId: '123' },
    })
    assert.equal(secrets.status, 200)
  } finally {
    await server.stop()
  }

  const second = loadConfig(env)
  assert.equal(second.config.adminKey, first.config.adminKey, 'the generated admin key is reused')
  assert.deepEqual(second.config.masterKey, first.config.masterKey, 'the generated master key is reused')
  const restarted = await startServer(second.config, { logger })
  try {
    const health = await request(restarted as { url: string }, 'GET', '/api/saas/health/client', {
      headers: { 'x-api-key': tenant.apiKey, 'x-client-code': 'survivor' },
    })
    assert.equal(health.status, 200)
    assert.equal(health.body.data.services.whatsapp, 'connected', 'secrets still decrypt')
    const client = await request(restarted as { url: string }, 'GET', '/api/clients/survivor', {
      headers: { authorization: `Bearer ${second.config.adminKey}` },
    })
    assert.equal(client.body.data.name, 'Survivor')
  } finally {
    await restarted.stop()
  }
})

test('a different master key is refused at start-up instead of failing every secret later', async () => {
  const { config } = loadConfig({ ...env, ECODRIX_MASTER_KEY: 'ab'.repeat(32) })
  await assert.rejects(startServer(config, { logger }), MasterKeyMismatchError)
  // The embedded PostgreSQL was stopped again: a correct start still works.
  const again = await startServer(loadConfig(env).config, { logger })
  await again.stop()
})
