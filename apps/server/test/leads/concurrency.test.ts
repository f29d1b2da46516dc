import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Race Clinic' } })

test('20 parallel creates with the same phone (in different notations) give exactly one lead', async () => {
  const notations = ['+919555000111', '919555000111', '+91 95550 00111', '0091-95550-00111']
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      request(env.server, 'POST', '/api/crm/leads', { headers: env.tenant.headers, json: { firstName: `Racer ${i}`, phone: notations[i % notations.length] } }),
    ),
  )
  const statuses = results.map((result) => result.status).sort()
  assert.deepEqual(statuses, [201, ...Array(19).fill(409)])
  const db = tenantDb(env.server, env.tenant)
  const leads = await db.selectFrom('leads').selectAll().where('phone', '=', '+919555000111').execute()
  assert.equal(leads.length, 1)
  const events = await db.selectFrom('crm_events').selectAll().execute()
  assert.equal(events.length, 1, 'one lead_created event, none for the refused creates')
  assert.equal((await db.selectFrom('pipelines').selectAll().execute()).length, 1)
})
