import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { expectRefused, request } from '../helpers/http'
import { startTestServer } from '../helpers/test-server'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer()

test('losing database connections (a restart, an admin kill) does not bring the server down', async () => {
  const { rows } = await sql<{ killed: boolean }>`
    select pg_terminate_backend(pid) as killed from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()`.execute(env.server.platform.db)
  assert.ok(rows.length >= 1, 'the job listener and pooled connections were terminated')
  await new Promise((resolve) => setTimeout(resolve, 300))
  let health = await request(env.server, 'GET', '/api/saas/health')
  // The first query on a dead pooled connection may fail; the pool replaces it.
  if (health.status !== 200) health = await request(env.server, 'GET', '/api/saas/health')
  assert.equal(health.status, 200)
  assert.equal(health.body.data.db, 'connected')
})

test('while the database refuses connections, health answers 503 DB_UNAVAILABLE; then recovers', async () => {
  const role = `ecx_outage_${Date.now()}`
  const admin = env.server.platform.db
  await sql`create role ${sql.id(role)} login password 'outage-pw'`.execute(admin)
  await sql`create database ${sql.id(role)} owner ${sql.id(role)}`.execute(admin)
  const url = new URL(env.server.config.databaseUrl!)
  url.username = role
  url.password = 'outage-pw'
  url.pathname = `/${role}`
  // An API node: no job listener reconnecting against the locked-out role while it stops.
  const own = await startTestServer({ databaseUrl: url.toString(), role: 'api' })
  try {
    await sql`alter role ${sql.id(role)} nologin`.execute(admin)
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role}`.execute(admin)
    const down = await request(own, 'GET', '/api/saas/health')
    expectRefused(down, 503, 'DB_UNAVAILABLE')

    await sql`alter role ${sql.id(role)} login`.execute(admin)
    const up = await request(own, 'GET', '/api/saas/health')
    assert.equal(up.status, 200)
  } finally {
    await sql`alter role ${sql.id(role)} login`.execute(admin)
    await own.stop()
  }
})
