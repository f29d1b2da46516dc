import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { outputOfOneStart } from '../helpers/server-process'
import { createTestDatabase } from '../helpers/test-database'
import { tempDataDir } from '../helpers/test-server'

const storedKeys = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'keys.json'), 'utf8')) as { adminKey: string }

test('an admin key given in ECODRIX_ADMIN_KEY never appears in the output', async () => {
  const adminKey = `own_${'k'.repeat(40)}`
  const dataDir = tempDataDir()
  // No master key: one is generated into keys.json beside an admin key that is not used.
  const output = await outputOfOneStart({ DATABASE_URL: await createTestDatabase(), ECODRIX_DATA_DIR: dataDir, ECODRIX_ADMIN_KEY: adminKey, LOG_LEVEL: 'info' })
  assert.match(output, /listening on http/, output)
  assert.ok(!output.includes(adminKey), output)
  assert.ok(!output.includes(storedKeys(dataDir).adminKey), 'the unused generated admin key is not shown either')
  assert.doesNotMatch(output, /Admin key/)
})

test('a generated admin key is shown once, on the start that generated it; later starts say where it is kept', async () => {
  const env = { DATABASE_URL: await createTestDatabase(), ECODRIX_DATA_DIR: tempDataDir() }
  const first = await outputOfOneStart(env)
  const { adminKey } = storedKeys(env.ECODRIX_DATA_DIR)
  assert.ok(first.includes(`Admin key: ${adminKey}`), first)
  assert.ok(first.includes(join(env.ECODRIX_DATA_DIR, 'keys.json')), first)

  const second = await outputOfOneStart(env)
  assert.match(second, /listening on http/, second)
  assert.ok(!second.includes(adminKey), second)
  assert.ok(second.includes(`Admin key: kept in ${join(env.ECODRIX_DATA_DIR, 'keys.json')}`), second)
})
