import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { trigger } from '../workflows/workflow-data'

const env = useTestServer({ tenants: { owner: 'Owner Clinic', intruder: 'Intruder Store' } })

test("another tenant's job, an unknown id, a malformed id and a platform job → 404 JOB_NOT_FOUND", async () => {
  const answer = await trigger(env.server, env.owner, { trigger: 'form_submitted', email: 'mine@example.com', delayMinutes: 5 })
  const { jobId } = answer.body.data
  const mine = await request(env.server, 'GET', `/api/saas/jobs/status/${jobId}`, { headers: env.owner.headers })
  assert.equal(mine.status, 200)

  const sweep = await env.server.platform.db
    .selectFrom('agenda_jobs' as never)
    .select('id' as never)
    .where('name' as never, '=', 'system-triggers.sweep' as never)
    .executeTakeFirstOrThrow()
  for (const id of [jobId, randomUUID(), 'not-a-job-id', String((sweep as { id: string }).id)]) {
    const answer = await request(env.server, 'GET', `/api/saas/jobs/status/${encodeURIComponent(id)}`, { headers: env.intruder.headers })
    expectRefused(answer, 404, 'JOB_NOT_FOUND', { where: id })
  }
})
