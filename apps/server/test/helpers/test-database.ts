import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The PostgreSQL server of this test run (scripts/run-tests.ts provides it). */
export function testServerUrl(): string {
  const url = process.env.ECODRIX_TEST_DATABASE_URL ?? process.env.DATABASE_URL
  if (!url) throw new Error('Run the tests with `npm test` (it provides a PostgreSQL server)')
  return url
}

/** A brand-new, empty database on the test server; returns its URL. */
export async function createTestDatabase(prefix = 'ecx_test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: testServerUrl() })
  await admin.connect()
  try {
    await admin.query(`create database "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(testServerUrl())
  url.pathname = `/${name}`
  return url.toString()
}
