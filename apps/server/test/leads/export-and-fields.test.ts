import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({
  tenants: { tenant: 'Export Clinic' },
  async seed() {
    const rows = Array.from({ length: 2500 }, (_, i) => ({ firstName: `Lead ${i}`, phone: `+9182${String(i).padStart(8, '0')}`, source: i % 2 ? 'website' : 'referral', dealValue: i }))
    for (let i = 0; i < rows.length; i += 1000) {
      await request(env.server, 'POST', '/api/crm/leads/import', { headers: env.tenant.headers, json: { leads: rows.slice(i, i + 1000) } })
    }
    await request(env.server, 'POST', '/api/crm/leads', {
      headers: env.tenant.headers,
      json: { firstName: 'Quote "Q", Comma', phone: '+919100000001', source: 'partner', metadata: { refs: { orderId: 'o1' }, extra: { plan: 'Gold' } } },
    })
  },
})

test('export streams every matching lead as CSV, in order, across batches', async () => {
  const result = await request(env.server, 'GET', '/api/crm/leads/export?source=website&sortBy=dealValue&sortDir=asc', { headers: env.tenant.headers })
  assert.equal(result.status, 200)
  assert.match(result.headers.get('content-type') ?? '', /^text\/csv/)
  const lines = (result.body as string).trimEnd().split('\r\n')
  assert.equal(lines[0], 'id,firstName,lastName,phone,email,source,status,pipelineId,stageId,assignedTo,tags,score,dealValue,dealTitle,createdAt')
  assert.equal(lines.length, 1 + 1250)
  const dealValues = lines.slice(1).map((line) => Number(line.split(',')[12]))
  assert.deepEqual(dealValues.slice(0, 3), [1, 3, 5])
  assert.equal(dealValues.at(-1), 2499)
})

test('export quotes cells that need it', async () => {
  const result = await request(env.server, 'GET', '/api/crm/leads/export?source=partner', { headers: env.tenant.headers })
  const [, row] = (result.body as string).trimEnd().split('\r\n')
  assert.ok(row?.includes('"Quote ""Q"", Comma"'), row)
})

test('export refuses bad filters like the list does', async () => {
  const result = await request(env.server, 'GET', '/api/crm/leads/export?sortBy=name', { headers: env.tenant.headers })
  assert.equal(result.status, 400)
  assert.equal(result.body.code, 'VALIDATION_ERROR')
})

test('fields lists core fields and the metadata keys in use', async () => {
  const result = await request(env.server, 'GET', '/api/crm/fields', { headers: env.tenant.headers })
  assert.equal(result.status, 200)
  assert.ok(result.body.data.core.some((field: { key: string }) => field.key === 'dealValue'))
  assert.deepEqual(result.body.data.refs, ['orderId'])
  assert.deepEqual(result.body.data.extra, ['plan'])
})
