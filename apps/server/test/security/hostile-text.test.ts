import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { test } from 'node:test'
import { createLead, createPipeline, snapshotEverything } from '../automations/rule-data'
import { adminHeaders, expectRefused, request, type RequestOptions } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

// Text PostgreSQL cannot store, in every place a request carries text: refused with 400
// VALIDATION_ERROR naming the field, before anything is written (ADR 0012).

let pipelineId = ''
let leadId = ''
const env = useTestServer({
  tenants: { tenant: 'Hostile Text Clinic' },
  seed: async () => {
    const pipeline = await createPipeline(env.server, env.tenant)
    pipelineId = pipeline.id
    leadId = await createLead(env.server, env.tenant, { pipelineId, stageId: pipeline.stages[0]!.id, phone: '+919876500001' })
  },
})

const NUL = '\u0000'
const LONE_HIGH = '\ud800'
const LONE_LOW = '\udc00'

interface Case {
  name: string
  method: string
  path: () => string
  options: () => RequestOptions
  field: string
}

const tenant = (json?: unknown): RequestOptions => ({ headers: env.tenant.headers, ...(json === undefined ? {} : { json }) })

const cases: Case[] = [
  // Bodies: JSON.stringify writes a lone surrogate as its \ud800 escape, which JSON.parse turns back into one.
  { name: 'tenant creation (admin)', method: 'POST', path: () => '/api/clients', options: () => ({ headers: adminHeaders(env.server), json: { name: `Acme${NUL}` } }), field: 'body.name' },
  { name: 'lead update with a lone surrogate', method: 'PATCH', path: () => `/api/crm/leads/${leadId}`, options: () => tenant({ firstName: `${LONE_HIGH}x` }), field: 'body.firstName' },
  { name: 'lead update with a lone low surrogate', method: 'PATCH', path: () => `/api/crm/leads/${leadId}`, options: () => tenant({ lastName: `x${LONE_LOW}` }), field: 'body.lastName' },
  { name: 'lead create, NUL deep in metadata', method: 'POST', path: () => '/api/crm/leads', options: () => tenant({ email: 'a@example.com', metadata: { extra: { a: { b: [1, `x${NUL}`] } } } }), field: 'body.metadata.extra.a.b.1' },
  { name: 'lead create, NUL in a nested key', method: 'POST', path: () => '/api/crm/leads', options: () => tenant({ email: 'a@example.com', metadata: { extra: { [`k${NUL}`]: 1 } } }), field: 'body.metadata.extra.k\\u0000' },
  { name: 'lead create, lone surrogate in a key', method: 'POST', path: () => '/api/crm/leads', options: () => tenant({ email: 'a@example.com', metadata: { refs: { [LONE_HIGH]: 'x' } } }), field: 'body.metadata.refs.\\ud800' },
  { name: 'note', method: 'POST', path: () => `/api/crm/leads/${leadId}/notes`, options: () => tenant({ content: `Call back${NUL}` }), field: 'body.content' },
  { name: 'activity', method: 'POST', path: () => `/api/crm/leads/${leadId}/activities`, options: () => tenant({ type: 'meeting', title: `Demo${NUL}` }), field: 'body.title' },
  { name: 'call', method: 'POST', path: () => `/api/crm/leads/${leadId}/calls`, options: () => tenant({ durationMinutes: 3, outcome: 'other', summary: NUL }), field: 'body.summary' },
  { name: 'pipeline', method: 'POST', path: () => '/api/crm/pipelines', options: () => tenant({ name: `Sales${NUL}` }), field: 'body.name' },
  { name: 'stage', method: 'POST', path: () => `/api/crm/pipelines/${pipelineId}/stages`, options: () => tenant({ name: `Won${LONE_HIGH}` }), field: 'body.name' },
  { name: 'tags', method: 'PATCH', path: () => `/api/crm/leads/${leadId}/tags`, options: () => tenant({ add: [`vip${NUL}`] }), field: 'body.add.0' },
  { name: 'trigger variables', method: 'POST', path: () => '/api/saas/workflows/trigger', options: () => tenant({ trigger: 'visit', phone: '+919876500002', createLeadIfMissing: true, variables: { name: LONE_HIGH } }), field: 'body.variables.name' },
  { name: 'trigger data key', method: 'POST', path: () => '/api/saas/workflows/trigger', options: () => tenant({ trigger: 'visit', phone: '+919876500002', createLeadIfMissing: true, data: { [NUL]: 1 } }), field: 'body.data.\\u0000' },
  { name: 'CSV import body', method: 'POST', path: () => '/api/crm/leads/import', options: () => ({ headers: { ...env.tenant.headers, 'content-type': 'text/csv' }, raw: `firstName,phone\nRa${NUL}vi,+919876500003\n` }), field: 'body' },
  // Query strings and path parameters: %00 decodes to NUL (a lone surrogate cannot be percent-encoded in UTF-8).
  { name: 'lead list tags', method: 'GET', path: () => '/api/crm/leads?tags=%00', options: () => tenant(), field: 'query.tags' },
  { name: 'lead list search', method: 'GET', path: () => '/api/crm/leads?search=a%00', options: () => tenant(), field: 'query.search' },
  { name: 'lead list source', method: 'GET', path: () => '/api/crm/leads?source=%00web', options: () => tenant(), field: 'query.source' },
  { name: 'by-ref', method: 'GET', path: () => '/api/crm/leads/by-ref?field=appointmentId&value=%00', options: () => tenant(), field: 'query.value' },
  { name: 'event log filter', method: 'GET', path: () => '/api/saas/events/logs?trigger=a%00', options: () => tenant(), field: 'query.trigger' },
  { name: 'CSV export', method: 'GET', path: () => '/api/crm/leads/export?tags=%00', options: () => tenant(), field: 'query.tags' },
  { name: 'path parameter', method: 'GET', path: () => '/api/crm/pipelines/a%00b', options: () => tenant(), field: 'param.pipelineId' },
  { name: 'path parameter of a write', method: 'PATCH', path: () => '/api/crm/stages/a%00b', options: () => tenant({ name: 'Renamed' }), field: 'param.stageId' },
]

for (const item of cases) {
  test(`${item.name}: unstorable text → 400 VALIDATION_ERROR naming ${item.field}, nothing written`, async () => {
    const before = await snapshotEverything(env.server, [env.tenant])
    const result = await request(env.server, item.method, item.path(), item.options())
    expectRefused(result, 400, 'VALIDATION_ERROR', { where: item.name, fields: [item.field] })
    assert.ok(result.body.message.includes(item.field), result.body.message)
    assert.deepEqual(await snapshotEverything(env.server, [env.tenant]), before)
  })
}

test('a NUL in a header never reaches the app: Node refuses the request with 400, nothing written', async () => {
  const before = await snapshotEverything(env.server, [env.tenant])
  const { host, hostname, port } = new URL(env.server.url)
  const body = JSON.stringify({ name: 'Sales' })
  const head = [
    'POST /api/crm/pipelines HTTP/1.1',
    `Host: ${host}`,
    ...Object.entries(env.tenant.headers).map(([name, value]) => `${name}: ${value}`),
    `Idempotency-Key: key${NUL}1`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ].join('\r\n')
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(`${head}\r\n\r\n${body}`))
    let text = ''
    socket.on('data', (chunk) => (text += chunk))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
  assert.match(answer, /^HTTP\/1\.1 400 /)
  assert.deepEqual(await snapshotEverything(env.server, [env.tenant]), before)
})

test('well-formed text outside the BMP is stored faithfully', async () => {
  const name = 'Ravi 😀 𝄞'
  const updated = await request(env.server, 'PATCH', `/api/crm/leads/${leadId}`, tenant({ firstName: name }))
  assert.equal(updated.status, 200, JSON.stringify(updated.body))
  assert.equal(updated.body.data.firstName, name)
  const row = await tenantDb(env.server, env.tenant).selectFrom('leads').select('first_name').where('id', '=', leadId).executeTakeFirstOrThrow()
  assert.equal(row.first_name, name)
})
