import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createLead, createPipeline, createRule, snapshotEverything } from '../automations/rule-data'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { finishedEvent, lead, settled, trigger } from '../workflows/workflow-data'

// JSON shapes no real client sends, refused once on the parsed body before any route code, and the
// tag limit of a lead wherever tags are added (ADR 0012).

let pipelineId = ''
let stageId = ''
const env = useTestServer({
  tenants: { tenant: 'JSON Limits Clinic' },
  seed: async () => {
    const pipeline = await createPipeline(env.server, env.tenant)
    pipelineId = pipeline.id
    stageId = pipeline.stages[0]!.id
  },
})

/** `{"a":{"a":…1…}}`, `levels` objects deep, written by hand: JSON.stringify would recurse. */
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{"a":1}${'}'.repeat(levels - 1)}`

async function expectLimitRefused(path: string, raw: string, field: string, limit: string) {
  const before = await snapshotEverything(env.server, [env.tenant])
  const result = await request(env.server, 'POST', path, { headers: { ...env.tenant.headers, 'content-type': 'application/json' }, raw })
  expectRefused(result, 400, 'VALIDATION_ERROR', { fields: [field] })
  assert.ok(result.body.message.includes(limit), `the limit ${limit} is in "${result.body.message}"`)
  assert.deepEqual(await snapshotEverything(env.server, [env.tenant]), before)
  return result
}

const deepPath = (root: string, levels: number) => [root, ...Array(levels).fill('a')].join('.')

test('a lead whose metadata.extra is nested 10,000 deep → 400 naming the 33rd level, nothing written', async () => {
  const raw = `{"email":"deep@example.com","metadata":{"extra":${nested(10_000)}}}`
  // body, metadata and extra are levels 1 to 3; the 30th `a` object inside extra is level 33.
  await expectLimitRefused('/api/crm/leads', raw, deepPath('body.metadata.extra', 30), '32 levels')
})

test('a trigger whose variables or data are nested 10,000 deep → 400, nothing written (no lead either)', async () => {
  for (const key of ['variables', 'data']) {
    const raw = `{"trigger":"visit","phone":"+919876511111","createLeadIfMissing":true,"${key}":${nested(10_000)}}`
    await expectLimitRefused('/api/saas/workflows/trigger', raw, deepPath(`body.${key}`, 31), '32 levels')
  }
})

test('nesting up to 32 levels is accepted and stored as sent', async () => {
  const extra = JSON.parse(nested(30))
  const created = await request(env.server, 'POST', '/api/crm/leads', { headers: env.tenant.headers, json: { email: 'level32@example.com', metadata: { extra } } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.deepEqual((await lead(env.server, env.tenant, created.body.data.id)).metadata.extra, extra)
  await settled(env.server, env.tenant)
})

test('an object with more than 1,000 keys, a string over 200,000 characters, an array over 1,000 items → 400', async () => {
  const wide = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i]))
  const shapes = [
    { extra: wide, field: 'body.metadata.extra', limit: '1000 keys' },
    { extra: { note: 'x'.repeat(200_001) }, field: 'body.metadata.extra.note', limit: '200000 characters' },
    { extra: { list: Array(1_001).fill(0) }, field: 'body.metadata.extra.list', limit: '1000 items' },
  ]
  for (const shape of shapes) {
    await expectLimitRefused('/api/crm/leads', JSON.stringify({ email: 'wide@example.com', metadata: { extra: shape.extra } }), shape.field, shape.limit)
  }
})

const tagBatch = (batch: number) => Array.from({ length: 50 }, (_, i) => `t${batch}-${i}`)
const editTags = (leadId: string, json: unknown) => request(env.server, 'PATCH', `/api/crm/leads/${leadId}/tags`, { headers: env.tenant.headers, json })

test('20 PATCHes of 50 tags stop at 100 tags per lead; the refused ones name the limit and change nothing', async () => {
  const leadId = await createLead(env.server, env.tenant, { pipelineId, stageId })
  const statuses: number[] = []
  for (let batch = 0; batch < 20; batch++) {
    const result = await editTags(leadId, { add: tagBatch(batch) })
    statuses.push(result.status)
    if (result.status !== 200) {
      expectRefused(result, 400, 'VALIDATION_ERROR', { fields: ['body.add'] })
      assert.match(result.body.message, /at most 100 tags/)
    }
  }
  assert.deepEqual(statuses, [200, 200, ...Array(18).fill(400)])
  assert.equal((await lead(env.server, env.tenant, leadId)).tags.length, 100)
  // A tag it already has, and swapping one for another, stay possible at the limit.
  assert.equal((await editTags(leadId, { add: ['t0-0'] })).status, 200)
  const swapped = await editTags(leadId, { add: ['swapped'], remove: ['t0-1'] })
  assert.equal(swapped.status, 200, JSON.stringify(swapped.body))
  assert.equal(swapped.body.data.tags.length, 100)
})

test('an import row that would take its lead past 100 tags is reported, not applied; the others are', async () => {
  const phone = '+919876522222'
  const leadId = await createLead(env.server, env.tenant, { pipelineId, stageId, phone })
  for (const batch of [0, 1]) assert.equal((await editTags(leadId, { add: tagBatch(batch) })).status, 200)
  const imported = await request(env.server, 'POST', '/api/crm/leads/import', {
    headers: env.tenant.headers,
    json: { leads: [{ firstName: 'Other', phone: '+919876533333', tags: ['new'] }, { firstName: 'Renamed', phone, tags: ['one-more'] }, { firstName: 'Again', phone: '+919876544444' }] },
  })
  assert.equal(imported.status, 200, JSON.stringify(imported.body))
  assert.equal(imported.body.data.created, 2)
  assert.deepEqual(imported.body.data.errors, [{ row: 2, path: 'tags', message: 'The lead with this phone would have more than 100 tags' }])
  const row = await lead(env.server, env.tenant, leadId)
  assert.equal(row.tags.length, 100)
  assert.equal(row.first_name, 'Ravi')
  // Tags it already has are no change: the row applies.
  const again = await request(env.server, 'POST', '/api/crm/leads/import', { headers: env.tenant.headers, json: { leads: [{ firstName: 'Renamed', phone, tags: ['t0-0'] }] } })
  assert.deepEqual(again.body.data, { created: 0, updated: 1, errors: [] })
})

test('an add_tag action on a lead with 100 tags fails with the limit as its reason; the lead keeps its tags', async () => {
  const phone = '+919876555555'
  const leadId = await createLead(env.server, env.tenant, { pipelineId, stageId, phone })
  for (const batch of [0, 1]) assert.equal((await editTags(leadId, { add: tagBatch(batch) })).status, 200)
  await createRule(env.server, env.tenant, { name: 'Tag on visit', trigger: 'limit_visit', actions: [{ type: 'add_tag', config: { tag: 'visited' } }] })
  const fired = await trigger(env.server, env.tenant, { trigger: 'limit_visit', phone })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const event = await finishedEvent(env.server, env.tenant, fired.body.data.eventLogId)
  assert.deepEqual(
    event.runs.map((run) => [run.status, run.reason]),
    [['failed', 'A lead has at most 100 tags; this change would give it 101']],
  )
  const { tags } = await lead(env.server, env.tenant, leadId)
  assert.equal(tags.length, 100)
  assert.ok(!tags.includes('visited'))
})
