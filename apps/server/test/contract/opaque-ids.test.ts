import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { adminHeaders, expectRefused, request } from '../helpers/http'
import { specOperations } from '../helpers/route-security'
import { useTestServer } from '../helpers/use-test-server'
import { objectsOf } from './fuzz/known-objects'

const env = useTestServer({ tenants: { tenant: 'Opaque Clinic', other: 'Other Clinic' } })

/** Ids of no object of this tenant, in every shape: all answer as an unknown one does. */
const namingNothing = [randomUUID(), 'does-not-exist-123', 'x'.repeat(300), "1' or '1'='1", '-1', 'ÆØÅ']

test('every GET with an id in its path answers an unknown, malformed or foreign id with the same 404', async () => {
  const own = { ...(await objectsOf(env.server, env.tenant, '+919700000001')), code: env.tenant.clientCode }
  const foreign = await objectsOf(env.server, env.other, '+919700000002')
  const reads = specOperations().filter((op) => op.method === 'GET' && op.path.includes('{'))
  for (const op of reads) {
    const headers = op.auth === 'admin' ? adminHeaders(env.server) : env.tenant.headers
    for (const name of op.path.match(/\{(\w+)\}/g)!.map((param) => param.slice(1, -1))) {
      const path = (id: string) =>
        op.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(param === name ? id : own[param as keyof typeof own]!))
      const codes = new Set<string>()
      // A name the other tenant shares (both synced one template catalog) names this tenant's own object: not a foreign id.
      const foreignId = foreign[name as keyof typeof foreign]
      const foreignIds = foreignId && foreignId !== own[name as keyof typeof own] ? [foreignId] : []
      for (const id of [...namingNothing, ...foreignIds]) {
        const answer = await request(env.server, 'GET', path(id), { headers })
        assert.equal(answer.status, 404, `${op.operationId} with ${name}=${id}: ${JSON.stringify(answer.body)}`)
        codes.add(answer.body.code)
      }
      assert.equal(codes.size, 1, `${op.operationId}: one code for every id naming nothing, got ${[...codes].join(', ')}`)
    }
  }
})

test("a lead created in another tenant's stage or pipeline → 404, as an unknown or malformed one", async () => {
  const foreign = await objectsOf(env.server, env.other, '+919700000003')
  for (const [field, code] of [['stageId', 'STAGE_NOT_FOUND'], ['pipelineId', 'PIPELINE_NOT_FOUND']] as const) {
    for (const id of [foreign[field]!, 'not-an-id']) {
      const answer = await request(env.server, 'POST', '/api/crm/leads', {
        headers: env.tenant.headers,
        json: { firstName: 'Nowhere', phone: '+919700000004', [field]: id },
      })
      expectRefused(answer, 404, code, { where: `${field}=${id}` })
    }
  }
})

test('list filters by an id that names nothing match nothing', async () => {
  for (const path of ['/api/crm/leads?pipelineId=', '/api/crm/leads?stageId=', '/api/saas/events/logs?leadId=']) {
    for (const id of ['does-not-exist-123', randomUUID()]) {
      const answer = await request(env.server, 'GET', `${path}${id}`, { headers: env.tenant.headers })
      assert.equal(answer.status, 200, `${path}${id}: ${JSON.stringify(answer.body)}`)
      assert.deepEqual(answer.body.data, [], `${path}${id}`)
    }
  }
})
