// A request's transaction must not wait for a second pool connection: once every connection's
// holder does, the pool deadlocks until its acquire timeout (seen as 500s in CI under load).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRule } from '../automations/rule-data'
import { createTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { trigger } from './workflow-data'

const env = useTestServer({ config: { role: 'api', triggerRateLimit: 100_000, dbPoolMax: 2 } })

test('lead-creating triggers on a tenant whose rules are not cached yet, more at once than the pool has connections, are all accepted', async () => {
  const tenant = await createTenant(env.server, 'Pool Clinic')
  await createRule(env.server, tenant, { name: 'Welcome', trigger: 'signup', actions: [{ type: 'add_tag', config: { tag: 'welcomed' } }] })
  // The rule's save dropped the cached rules: the first triggers read them inside their lead's transaction.
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, index) =>
      trigger(env.server, tenant, { trigger: 'signup', phone: `+91910000${String(index).padStart(4, '0')}`, createLeadIfMissing: true, leadData: { firstName: 'Pool' } }),
    ),
  )
  const refused = answers.filter((answer) => answer.status !== 200)
  assert.equal(refused.length, 0, JSON.stringify(refused.map((answer) => answer.body)))
})
