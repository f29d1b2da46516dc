import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, test } from 'node:test'
import { sql } from 'kysely'
import pino from 'pino'
import { type RunningServer, startServer } from '../../src/server'
import { expectRefused, type HttpResult, request } from '../helpers/http'
import { createTenant, type TestTenant, tenantDb } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer()

const LIMIT = 60
const trigger = (target: Pick<TestServer, 'url'>, tenant: TestTenant, headers: Record<string, string> = {}) =>
  request(target, 'POST', '/api/saas/workflows/trigger', { headers: { ...tenant.headers, ...headers }, json: { trigger: 'form_submitted' } })

/**
 * Windows are whole minutes on the database clock: start a burst early in one, so all of it
 * lands in the same window however slow the machine is.
 */
beforeEach(async () => {
  const { rows } = await sql<{ second: number }>`select extract(second from now())::float as second`.execute(env.server.platform.db)
  const second = rows[0]!.second
  if (second > 40) await new Promise((resolve) => setTimeout(resolve, (60 - second + 0.2) * 1000))
})

function assertRateHeaders(result: HttpResult, remaining: number) {
  assert.equal(result.headers.get('ratelimit-limit'), String(LIMIT))
  assert.equal(result.headers.get('ratelimit-remaining'), String(remaining))
  const reset = Number(result.headers.get('ratelimit-reset'))
  assert.ok(Number.isInteger(reset) && reset >= 1 && reset <= 60, `RateLimit-Reset ${reset}`)
}

async function triggersInOrder(count: number, send: (index: number) => Promise<HttpResult>) {
  const results: HttpResult[] = []
  for (let index = 0; index < count; index++) results.push(await send(index))
  return results
}

const eventLogCount = async (tenant: TestTenant) =>
  (
    await tenantDb(env.server, tenant)
      .selectFrom('event_logs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n

test('the 61st trigger in a minute is 429 RATE_LIMITED with Retry-After; every answer has RateLimit headers', async () => {
  const tenant = await createTenant(env.server, 'Busy Clinic')
  const bystander = await createTenant(env.server, 'Quiet Clinic')
  const results = await triggersInOrder(LIMIT, () => trigger(env.server, tenant))
  results.forEach((result, index) => {
    assert.equal(result.status, 200, JSON.stringify(result.body))
    assertRateHeaders(result, LIMIT - index - 1)
  })

  const refused = await trigger(env.server, tenant)
  expectRefused(refused, 429, 'RATE_LIMITED')
  assertRateHeaders(refused, 0)
  const retryAfter = Number(refused.headers.get('retry-after'))
  assert.ok(retryAfter >= 1 && retryAfter <= 60)
  assert.equal(refused.headers.get('retry-after'), refused.headers.get('ratelimit-reset'))
  assert.equal(await eventLogCount(tenant), LIMIT, 'the refused trigger ran nothing')

  const other = await trigger(env.server, bystander)
  assert.equal(other.status, 200, 'another tenant has its own allowance')
  assertRateHeaders(other, LIMIT - 1)

  const deprecated = await request(env.server, 'POST', '/api/crm/automations/events', {
    headers: tenant.headers,
    json: { trigger: 'form_submitted' },
  })
  assert.equal(deprecated.status, 429, 'the deprecated route draws on the same allowance')
})

test('refused triggers are not counted: neither invalid ones nor those over the limit', async () => {
  const tenant = await createTenant(env.server, 'Careless Clinic')
  const invalid = await triggersInOrder(LIMIT + 5, () =>
    request(env.server, 'POST', '/api/saas/workflows/trigger', { headers: tenant.headers, json: { trigger: 'form_submitted', delayMinutes: -1 } }),
  )
  assert.ok(invalid.every((result) => result.status === 400))
  const first = await trigger(env.server, tenant)
  assert.equal(first.status, 200, JSON.stringify(first.body))
  assertRateHeaders(first, LIMIT - 1)

  await triggersInOrder(LIMIT - 1, () => trigger(env.server, tenant))
  for (let attempt = 0; attempt < 3; attempt++) expectRefused(await trigger(env.server, tenant), 429, 'RATE_LIMITED')
  const { count } = await env.server.platform.db
    .selectFrom('rate_limit_windows')
    .select('count')
    .where('client_code', '=', tenant.clientCode)
    .executeTakeFirstOrThrow()
  assert.equal(count, LIMIT, 'the window counts the accepted triggers only')
})

test('an idempotent replay is not counted; a key refused with 429 is not kept', async () => {
  const tenant = await createTenant(env.server, 'Replaying Clinic')
  const key = randomUUID()
  const first = await trigger(env.server, tenant, { 'idempotency-key': key })
  assert.equal(first.status, 200, JSON.stringify(first.body))
  for (let replay = 0; replay < 5; replay++) {
    const again = await trigger(env.server, tenant, { 'idempotency-key': key })
    assert.equal(again.headers.get('idempotent-replayed'), 'true')
    assert.deepEqual(again.body, first.body)
  }
  const next = await trigger(env.server, tenant)
  assertRateHeaders(next, LIMIT - 2)

  await triggersInOrder(LIMIT - 2, () => trigger(env.server, tenant))
  const limitedKey = randomUUID()
  const limited = await trigger(env.server, tenant, { 'idempotency-key': limitedKey })
  assert.equal(limited.status, 429)
  const kept = await env.server.platform.db.selectFrom('idempotency_keys').select('key').where('key', '=', limitedKey).executeTakeFirst()
  assert.equal(kept, undefined, 'a retry after the window may run')
})

test('two API nodes on the same database share one count', async () => {
  const tenant = await createTenant(env.server, 'Two Node Clinic')
  const second: RunningServer = await startServer({ ...env.server.config, role: 'api' }, { logger: pino({ level: 'silent' }) })
  try {
    const nodeB = { url: second.url! }
    const results = await triggersInOrder(LIMIT, (index) => trigger(index % 2 === 0 ? env.server : nodeB, tenant))
    assert.ok(results.every((result) => result.status === 200))
    assertRateHeaders(results.at(-1)!, 0)
    const [onA, onB] = await Promise.all([trigger(env.server, tenant), trigger(nodeB, tenant)])
    assert.equal(onA.status, 429)
    assert.equal(onB.status, 429)
  } finally {
    await second.stop()
  }
})

test('a burst of concurrent triggers lets exactly the limit through', async () => {
  const tenant = await createTenant(env.server, 'Burst Clinic')
  const results = await Promise.all(Array.from({ length: LIMIT + 15 }, () => trigger(env.server, tenant)))
  assert.equal(results.filter((result) => result.status === 200).length, LIMIT)
  assert.equal(results.filter((result) => result.status === 429).length, 15)
  const remaining = results.filter((result) => result.status === 200).map((result) => Number(result.headers.get('ratelimit-remaining')))
  assert.deepEqual(remaining.sort((a, b) => a - b), Array.from({ length: LIMIT }, (_, index) => index))
})
