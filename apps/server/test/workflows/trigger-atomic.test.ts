// A trigger's writes commit together or not at all: a failure injected into each of its writes
// (a database trigger that raises, so the real statements run and fail) answers 500 and leaves
// every table as it was, the lead it would have created included, and counts nothing against the
// tenant's rate limit.
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { test } from 'node:test'
import { sql } from 'kysely'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import { createRule } from '../automations/rule-data'
import { snapshotTables, tenantTableNames } from '../helpers/db-snapshot'
import { expectRefused, request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

const env = useTestServer({ tenants: { tenant: 'Atomic Clinic' } })

const createLeadTrigger = () =>
  request(env.server, 'POST', '/api/saas/workflows/trigger', {
    headers: env.tenant.headers,
    json: {
      trigger: 'appointment_confirmed',
      phone: `9177${randomInt(10_000_000, 99_999_999)}`,
      createLeadIfMissing: true,
      leadData: { firstName: 'Asha', source: 'website' },
      variables: { slot: '10:30' },
    },
  })

/** Makes every write of `table` (in the tenant's schema, or `public.agenda_jobs` for this tenant's jobs) fail until removed. */
async function injectFailure(table: string): Promise<() => Promise<void>> {
  const db = env.server.platform.db
  const qualified = table === 'agenda_jobs' ? sql.table('public.agenda_jobs') : sql.table(`${schemaNameFor(env.tenant.clientCode)}.${table}`)
  const onlyThisTenant = table === 'agenda_jobs' ? sql`when (new.data->>'clientCode' = ${sql.lit(env.tenant.clientCode)})` : sql``
  await sql`create or replace function test_injected_failure() returns trigger language plpgsql as $$
    begin raise exception 'injected failure on %', tg_table_name; end $$`.execute(db)
  await sql`create trigger test_injected_failure after insert or update on ${qualified}
    for each row ${onlyThisTenant} execute function test_injected_failure()`.execute(db)
  return async () => {
    await sql`drop trigger test_injected_failure on ${qualified}`.execute(db)
  }
}

const rateCount = async () => {
  const row = await env.server.platform.db
    .selectFrom('rate_limit_windows')
    .select((eb) => eb.fn.sum<number>('count').as('n'))
    .where('client_code', '=', env.tenant.clientCode)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

test('a failure in any write of a lead-creating trigger leaves nothing written', async () => {
  // The tenant's default pipeline is made once, on its first lead, and kept: not a write of one trigger.
  assert.equal((await createLeadTrigger()).status, 200)
  await waitFor('the first lead\'s CRM event to be consumed', async () => {
    const open = await tenantDb(env.server, env.tenant).selectFrom('crm_events').select('id').where('consumed_at', 'is', null).execute()
    return open.length === 0
  })
  await createRule(env.server, env.tenant, {
    name: 'Welcome',
    trigger: 'appointment_confirmed',
    actions: [{ type: 'add_tag', config: { tag: 'confirmed' } }],
  })
  const tables = await tenantTableNames(env.server, [env.tenant.clientCode])
  const steps = ['leads', 'activities', 'crm_events', 'lead_source_days', 'event_logs', 'action_runs', 'agenda_jobs']
  for (const step of steps) {
    const before = await snapshotTables(env.server, tables)
    const counted = await rateCount()
    const remove = await injectFailure(step)
    try {
      expectRefused(await createLeadTrigger(), 500, 'INTERNAL')
    } finally {
      await remove()
    }
    assert.deepEqual(await snapshotTables(env.server, tables), before, `a failure in ${step} left a write behind`)
    assert.equal(await rateCount(), counted, `a failure in ${step} counted the trigger`)
  }
  const answer = await createLeadTrigger()
  assert.equal(answer.status, 200, 'with no failure injected the same trigger works')
  assert.equal(answer.body.data.rulesMatched, 1)
})
