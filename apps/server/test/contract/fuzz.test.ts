import assert from 'node:assert/strict'
import { test } from 'node:test'
import { adminHeaders, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { casesFor } from './fuzz/cases'
import { problemsOf } from './fuzz/check-answer'
import { objectsOf } from './fuzz/known-objects'
import { closeConnections, send } from './fuzz/send'
import { readSpec, type SpecOperation } from './fuzz/served-spec'
import { watchWrites } from './fuzz/write-watch'

/** Fixed, so a failure replays; `FUZZ_SEED=<n>` tries another. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_311)

// An API node only: no worker runs what the accepted requests enqueue, so the tables change only by
// what the requests themselves write. The trigger rate limit is out of the way of thousands of calls.
const env = useTestServer({
  tenants: { tenant: 'Fuzzed Clinic', other: 'Other Clinic', administered: 'Administered Clinic' },
  config: { role: 'api', triggerRateLimit: 1_000_000 },
})

/** Reads first, then writes, deletes last: what a case deletes is then gone only for the deletes after it. */
const order = (op: SpecOperation) => (op.method === 'GET' ? 0 : op.method === 'DELETE' ? 2 : 1)

test('every operation of the served spec, fuzzed: no 5xx, only declared statuses and bodies, nothing written when refused', async (t) => {
  const { server, tenant, other, administered } = env
  const { operations, resolve } = readSpec((await request(server, 'GET', '/openapi.json')).body)
  const ids = {
    // Admin operations on a client act on a tenant of their own: rotating the fuzzed tenant's key would lock the suite out.
    own: { ...(await objectsOf(server, tenant, '+919800000001')), code: administered.clientCode },
    foreign: await objectsOf(server, other, '+919800000002'),
  }
  const auth = { tenant: tenant.headers, admin: adminHeaders(server), public: {} }
  const writes = await watchWrites(server, [tenant, other, administered].map((each) => each.clientCode))
  const statuses = new Map<number, number>()

  for (const op of [...operations].sort((a, b) => order(a) - order(b))) {
    await t.test(`${op.method} ${op.path} (${op.operationId})`, async () => {
      const problems: string[] = []
      for (const { label, request: req } of casesFor(op, { resolve, ids, auth: auth[op.auth], seed: SEED })) {
        const answer = await send(server.url, req).catch((error: Error) => error)
        if (answer instanceof Error) {
          problems.push(`${label}: ${answer.message}`)
          continue
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        problems.push(...problemsOf(op, answer).map((problem) => `${label}: ${problem}`))
        const written = await writes.written()
        if (answer.status >= 400 && written.length > 0) problems.push(`${label}: refused with ${answer.status} but wrote ${written.join(', ')}`)
      }
      assert.equal(problems.length, 0, `seed ${SEED}, ${problems.length} problems:\n${problems.slice(0, 25).join('\n')}`)
    })
  }
  closeConnections()
  await writes.close()
  const answered = [...statuses.values()].reduce((sum, count) => sum + count, 0)
  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`)
  t.diagnostic(`${answered} answers over ${operations.length} operations (seed ${SEED}): ${byStatus.join(', ')}`)
  assert.ok(operations.length > 70 && answered > 2_000, `${answered} answers over ${operations.length} operations`)
})
