import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { request } from '../helpers/http'
import { startTestServer, type TestServer } from '../helpers/test-server'

let server: TestServer
before(async () => {
  server = await startTestServer()
})
after(() => server.stop())

test('losing database connections (a restart, an admin kill) does not bring the server down', async () => {
  const { rows } = await sql<{ killed: boolean }>`
    select pg_terminate_backend(pid) as killed from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()`.execute(server.platform.db)
  assert.ok(rows.length >= 1, 'the job listener and pooled connections were terminated')
  await new Promise((resolve) => setTimeout(resolve, 300))
  let health = await request(server, 'GET', '/api/saas/health')
  // The first query on a dead pooled connection may fail; the pool replaces it.
  if (health.status !== 200) health = await request(server, 'GET', '/api/saas/health')
  assert.equal(health.status, 200)
  assert.equal(health.body.data.db, 'connected')
})
