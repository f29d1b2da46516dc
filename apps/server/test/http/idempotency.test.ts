import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import { purgeRequestGuardsJob } from '../../src/platform/request-guards/purge-request-guards.job'
import { adminHeaders, expectRefused, type HttpResult, request } from '../helpers/http'
import { repeatingSchedules } from '../helpers/jobs'
import { type TestTenant, tenantDb, uniqueCode } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

const env = useTestServer({ tenants: { tenant: 'Idempotent Clinic', other: 'Other Clinic' } })

const leadsWithPhone = async (target: TestTenant, phone: string) =>
  (await tenantDb(env.server, target).selectFrom('leads').select('id').where('phone', '=', phone).execute()).length
const keyRow = (scope: string, key: string) =>
  env.server.platform.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst()

const createLead = (key: string | undefined, json: unknown, target = env.tenant) =>
  request(env.server, 'POST', '/api/crm/leads', { headers: { ...target.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) }, json })

/** A second connection that holds an exclusive lock on a tenant table until released. */
async function lockTable(table: string) {
  const client = new pg.Client({ connectionString: env.server.config.databaseUrl })
  await client.connect()
  await client.query('begin')
  await client.query(`lock table ${table} in exclusive mode`)
  return {
    async release() {
      await client.query('commit')
      await client.end()
    },
  }
}

const waitsOnLock = (table: string) => async () => {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_locks where not granted and relation = ${table}::regclass`.execute(env.server.platform.db)
  return (rows[0]?.n ?? 0) > 0
}

test('a retried POST with the same key gets the first answer back and creates nothing more', async () => {
  const key = randomUUID()
  const body = { firstName: 'Ravi', phone: '+919800000001' }
  const first = await createLead(key, body)
  assert.equal(first.status, 201, JSON.stringify(first.body))
  assert.equal(first.headers.get('idempotent-replayed'), null)

  const second = await createLead(key, body)
  assert.equal(second.status, 201)
  assert.deepEqual(second.body, first.body)
  assert.equal(second.headers.get('idempotent-replayed'), 'true')
  assert.match(second.headers.get('content-type') ?? '', /application\/json/)
  assert.notEqual(second.headers.get('x-request-id'), first.headers.get('x-request-id'), 'the replay is its own exchange')
  assert.equal(await leadsWithPhone(env.tenant, '+919800000001'), 1)

  const without = await createLead(undefined, body)
  expectRefused(without, 409, 'LEAD_EXISTS')
})

test('the same key with another body, or on another path, is 422 IDEMPOTENCY_MISMATCH and runs nothing', async () => {
  const key = randomUUID()
  assert.equal((await createLead(key, { firstName: 'Asha', phone: '+919800000002' })).status, 201)

  expectRefused(await createLead(key, { firstName: 'Asha', phone: '+919800000003' }), 422, 'IDEMPOTENCY_MISMATCH')
  assert.equal(await leadsWithPhone(env.tenant, '+919800000003'), 0)

  const elsewhere = await request(env.server, 'POST', '/api/crm/pipelines', {
    headers: { ...env.tenant.headers, 'idempotency-key': key },
    json: { name: 'Support', template: 'support' },
  })
  expectRefused(elsewhere, 422, 'IDEMPOTENCY_MISMATCH')
  const pipelines = await tenantDb(env.server, env.tenant).selectFrom('pipelines').select('name').where('name', '=', 'Support').execute()
  assert.equal(pipelines.length, 0)
})

test('body bytes count: the same JSON written differently is another request', async () => {
  const key = randomUUID()
  const send = (raw: string) =>
    request(env.server, 'POST', '/api/crm/leads', {
      headers: { ...env.tenant.headers, 'content-type': 'application/json', 'idempotency-key': key },
      raw,
    })
  assert.equal((await send('{"firstName":"Bytes","phone":"+919800000004"}')).status, 201)
  expectRefused(await send('{ "firstName": "Bytes", "phone": "+919800000004" }'), 422, 'IDEMPOTENCY_MISMATCH')
})

test('while the first request is still running, a retry is 409 IDEMPOTENCY_IN_PROGRESS; exactly one runs', async () => {
  // Make sure the tenant's default pipeline exists, so creating a lead only has to insert into leads.
  assert.equal((await createLead(undefined, { firstName: 'Warm up', phone: '+919800000010' })).status, 201)
  const key = randomUUID()
  const body = { firstName: 'Slow', phone: '+919800000011' }
  const leads = `${schemaNameFor(env.tenant.clientCode)}.leads`
  const lock = await lockTable(leads)
  let first: Promise<HttpResult> | undefined
  try {
    first = createLead(key, body)
    await waitFor('the key to be claimed', async () => (await keyRow(env.tenant.clientCode, key))?.status === 'in_flight')
    await waitFor('the first request to wait on the lock', waitsOnLock(leads))

    const retries = await Promise.all([createLead(key, body), createLead(key, body), createLead(key, body)])
    for (const retry of retries) expectRefused(retry, 409, 'IDEMPOTENCY_IN_PROGRESS')
    expectRefused(await createLead(key, { ...body, firstName: 'Other' }), 422, 'IDEMPOTENCY_MISMATCH')
  } finally {
    await lock.release()
  }
  const done = await first!
  assert.equal(done.status, 201, JSON.stringify(done.body))
  const replay = await createLead(key, body)
  assert.equal(replay.status, 201)
  assert.deepEqual(replay.body, done.body)
  assert.equal(await leadsWithPhone(env.tenant, '+919800000011'), 1)
})

test('identical requests racing with one key: exactly one runs, the others get 409 or the replay', async () => {
  const key = randomUUID()
  const body = { firstName: 'Race', phone: '+919800000012' }
  const results = await Promise.all(Array.from({ length: 8 }, () => createLead(key, body)))
  const ran = results.filter((result) => result.status === 201 && result.headers.get('idempotent-replayed') === null)
  assert.equal(ran.length, 1)
  for (const result of results) {
    if (result.status === 201) assert.deepEqual(result.body, ran[0]!.body)
    else expectRefused(result, 409, 'IDEMPOTENCY_IN_PROGRESS')
  }
  assert.equal(await leadsWithPhone(env.tenant, '+919800000012'), 1)
})

test('a 4xx answer is kept and replayed; a 5xx answer is not, so the retry runs', async () => {
  const invalidKey = randomUUID()
  const invalid = await createLead(invalidKey, { firstName: 'No contact' })
  expectRefused(invalid, 400, 'VALIDATION_ERROR')
  const invalidAgain = await createLead(invalidKey, { firstName: 'No contact' })
  expectRefused(invalidAgain, 400, 'VALIDATION_ERROR')
  assert.equal(invalidAgain.headers.get('idempotent-replayed'), 'true')
  assert.deepEqual(invalidAgain.body, invalid.body)

  // A table the insert needs is briefly missing: the server answers 500.
  const key = randomUUID()
  const body = { firstName: 'Unlucky', phone: '+919800000020' }
  const leads = `${schemaNameFor(env.tenant.clientCode)}.leads`
  await sql`alter table ${sql.raw(leads)} rename to leads_away`.execute(env.server.platform.db)
  let failed: HttpResult
  try {
    failed = await createLead(key, body)
  } finally {
    await sql`alter table ${sql.raw(`${schemaNameFor(env.tenant.clientCode)}.leads_away`)} rename to leads`.execute(env.server.platform.db)
  }
  expectRefused(failed, 500, 'INTERNAL')
  assert.equal(await keyRow(env.tenant.clientCode, key), undefined, 'the key was released')
  const retried = await createLead(key, body)
  assert.equal(retried.status, 201)
  assert.equal(retried.headers.get('idempotent-replayed'), null)
  assert.equal(await leadsWithPhone(env.tenant, '+919800000020'), 1)
})

test('keys are per tenant: another tenant may use the same key for its own request', async () => {
  const key = randomUUID()
  const mine = await createLead(key, { firstName: 'Mine', phone: '+919800000030' })
  const theirs = await createLead(key, { firstName: 'Theirs', phone: '+919800000031' }, env.other)
  assert.equal(mine.status, 201)
  assert.equal(theirs.status, 201)
  assert.equal(theirs.headers.get('idempotent-replayed'), null)
  assert.equal(await leadsWithPhone(env.other, '+919800000031'), 1)
  assert.equal(await leadsWithPhone(env.other, '+919800000030'), 0)
})

test('admin POST /api/clients is idempotent: the retry returns the same credentials, one client exists', async () => {
  const key = randomUUID()
  const clientCode = uniqueCode('idem')
  const create = () => request(env.server, 'POST', '/api/clients', { headers: { ...adminHeaders(env.server), 'idempotency-key': key }, json: { name: 'Once', clientCode } })
  const first = await create()
  assert.equal(first.status, 201, JSON.stringify(first.body))
  const second = await create()
  assert.equal(second.status, 201)
  assert.equal(second.headers.get('idempotent-replayed'), 'true')
  assert.deepEqual(second.body, first.body)
  const clients = await env.server.platform.db.selectFrom('clients').select('code').where('code', '=', clientCode).execute()
  assert.equal(clients.length, 1)
  const keys = await env.server.platform.db.selectFrom('api_keys').select('id').where('client_code', '=', clientCode).execute()
  assert.equal(keys.length, 1)
  const stored = await keyRow('@admin', key)
  assert.ok(stored, 'admin keys have their own scope')
  assert.ok(!stored.response_body?.includes(first.body.data.apiKey), 'the stored answer is encrypted: no API key in clear')
})

test('an expired key is free again', async () => {
  const key = randomUUID()
  assert.equal((await createLead(key, { firstName: 'Old', phone: '+919800000040' })).status, 201)
  await env.server.platform.db
    .updateTable('idempotency_keys')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('scope', '=', env.tenant.clientCode)
    .where('key', '=', key)
    .execute()
  const fresh = await createLead(key, { firstName: 'New', phone: '+919800000041' })
  assert.equal(fresh.status, 201, JSON.stringify(fresh.body))
  assert.equal(fresh.headers.get('idempotent-replayed'), null)
  assert.equal(await leadsWithPhone(env.tenant, '+919800000041'), 1)
  const row = await keyRow(env.tenant.clientCode, key)
  assert.ok(row && row.expires_at.getTime() > Date.now() + 23 * 3_600_000, 'the key is kept for another day')
})

test('a CSV body is hashed as bytes and still read by the handler; the replay matches', async () => {
  const key = randomUUID()
  const csv = 'firstName,phone\nCsv One,+919800000050\nCsv Two,+919800000051\n'
  const importCsv = (raw: string) =>
    request(env.server, 'POST', '/api/crm/leads/import', {
      headers: { ...env.tenant.headers, 'content-type': 'text/csv', 'idempotency-key': key },
      raw,
    })
  const first = await importCsv(csv)
  assert.equal(first.status, 200, JSON.stringify(first.body))
  assert.deepEqual(first.body.data, { created: 2, updated: 0, errors: [] })
  const again = await importCsv(csv)
  assert.deepEqual(again.body, first.body)
  assert.equal(again.headers.get('idempotent-replayed'), 'true')
  expectRefused(await importCsv(`${csv}Csv Three,+919800000052\n`), 422, 'IDEMPOTENCY_MISMATCH')
  assert.equal(await leadsWithPhone(env.tenant, '+919800000052'), 0)
})

test('GET and PATCH ignore the header', async () => {
  const key = randomUUID()
  const list = await request(env.server, 'GET', '/api/crm/leads', { headers: { ...env.tenant.headers, 'idempotency-key': key } })
  assert.equal(list.status, 200)
  assert.equal(list.headers.get('idempotent-replayed'), null)
  const lead = await createLead(undefined, { firstName: 'Patchy', phone: '+919800000060' })
  const patch = () =>
    request(env.server, 'PATCH', `/api/crm/leads/${lead.body.data.id}`, { headers: { ...env.tenant.headers, 'idempotency-key': key }, json: { dealTitle: 'Twice' } })
  assert.equal((await patch()).status, 200)
  const again = await patch()
  assert.equal(again.status, 200)
  assert.equal(again.headers.get('idempotent-replayed'), null)
  assert.equal(await keyRow(env.tenant.clientCode, key), undefined)
})

test('a key longer than 255 characters is 400 and nothing runs', async () => {
  const result = await createLead('k'.repeat(256), { firstName: 'Long', phone: '+919800000070' })
  expectRefused(result, 400, 'VALIDATION_ERROR')
  assert.deepEqual(result.body.details, [{ path: 'header.Idempotency-Key', message: 'Must be 1 to 255 characters' }])
  assert.equal(await leadsWithPhone(env.tenant, '+919800000070'), 0)
  assert.equal((await createLead('k'.repeat(255), { firstName: 'Long', phone: '+919800000070' })).status, 201)
})

test('the hourly purge deletes expired keys and ended rate-limit windows, and keeps live ones', async () => {
  const { db } = env.server.platform
  const live = randomUUID()
  assert.equal((await createLead(live, { firstName: 'Live', phone: '+919800000080' })).status, 201)
  // An expired key and a past window: rows with old timestamps, which no request can leave behind.
  await db
    .insertInto('idempotency_keys')
    .values({ scope: env.tenant.clientCode, key: 'expired', method: 'POST', path: '/x', request_hash: 'h', expires_at: new Date(Date.now() - 1000) })
    .execute()
  await db
    .insertInto('rate_limit_windows')
    .values([
      { client_code: env.tenant.clientCode, bucket: 'trigger', window_start: new Date(Date.now() - 3_600_000), count: 5 },
      { client_code: env.tenant.clientCode, bucket: 'trigger', window_start: sql<Date>`date_trunc('minute', now())`, count: 1 },
    ])
    .execute()

  await purgeRequestGuardsJob.run(env.server.platform, {})

  assert.equal(await keyRow(env.tenant.clientCode, 'expired'), undefined)
  assert.ok(await keyRow(env.tenant.clientCode, live))
  const windows = await db.selectFrom('rate_limit_windows').select('count').where('client_code', '=', env.tenant.clientCode).execute()
  assert.deepEqual(windows, [{ count: 1 }])
  assert.equal(await repeatingSchedules(env.server, purgeRequestGuardsJob), 1, 'the purge is scheduled hourly')
})
