import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli, serverWithTenant } from './cli'

const { server, tenant } = await serverWithTenant()
const flags = ['--api-url', server.url, '--api-key', tenant.apiKey, '--client-code', tenant.clientCode]

test('login checks the key, then keeps it in $XDG_CONFIG_HOME/ecodrix/config.json, readable by its owner only', async () => {
  const home = mkdtempSync(join(tmpdir(), 'ecodrix-login-'))
  const run = await runCli(['login', ...flags, '--webhook-secret', tenant.webhookSecret, '--profile', 'staging'], { XDG_CONFIG_HOME: home })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stdout, new RegExp(`Logged in as ${tenant.clientCode}`))
  const path = join(home, 'ecodrix', 'config.json')
  assert.equal(statSync(path).mode & 0o777, 0o600)
  assert.equal(statSync(join(home, 'ecodrix')).mode & 0o777, 0o700)
  const saved = JSON.parse(readFileSync(path, 'utf8'))
  assert.deepEqual(saved.profiles.staging, { apiUrl: server.url, apiKey: tenant.apiKey, clientCode: tenant.clientCode, webhookSecret: tenant.webhookSecret })

  // The saved profile is used, and an environment variable overrides it.
  const used = await runCli(['trigger', 'cli_ping', '--profile', 'staging'], { XDG_CONFIG_HOME: home })
  assert.equal(used.code, 0, used.stderr)
  assert.match(used.stdout, /Fired cli_ping: event \S+, 0 rule\(s\) matched/)
  const overridden = await runCli(['trigger', 'cli_ping', '--profile', 'staging'], { XDG_CONFIG_HOME: home, ECODRIX_API_KEY: `${tenant.apiKey}x` })
  assert.equal(overridden.code, 1)
  assert.match(overridden.stderr, /401 UNAUTHORIZED/)
})

test('a wrong key is refused and nothing is saved; missing flags off a terminal are named', async () => {
  const home = mkdtempSync(join(tmpdir(), 'ecodrix-login-'))
  const refused = await runCli(['login', '--api-url', server.url, '--api-key', 'nope', '--client-code', tenant.clientCode], { XDG_CONFIG_HOME: home })
  assert.equal(refused.code, 1)
  assert.match(refused.stderr, /UNAUTHORIZED/)
  assert.throws(() => statSync(join(home, 'ecodrix', 'config.json')), /ENOENT/)

  const missing = await runCli(['login', '--api-url', server.url], { XDG_CONFIG_HOME: home })
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /API key is missing/)

  const notLoggedIn = await runCli(['events', 'tail'], { XDG_CONFIG_HOME: home })
  assert.equal(notLoggedIn.code, 1)
  assert.match(notLoggedIn.stderr, /Not logged in/)
})
