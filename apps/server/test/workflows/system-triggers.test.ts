import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { detectNoContactJob } from '../../src/areas/automation/outbox/detect-no-contact.job'
import { createPipeline, createRule } from '../automations/rule-data'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { lead, settled, tagsOnceIncluding } from './workflow-data'

let pipeline: Awaited<ReturnType<typeof createPipeline>>
const env = useTestServer({
  tenants: { tenant: 'Systems Clinic' },
  seed: async () => {
    pipeline = await createPipeline(env.server, env.tenant)
  },
})

const call = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.tenant.headers, json })
let phoneCounter = 0
async function newLead(fields: Record<string, unknown> = {}): Promise<string> {
  phoneCounter += 1
  const created = await call('POST', '/api/crm/leads', { firstName: 'Lead', phone: `+9190000000${String(phoneCounter).padStart(2, '0')}`, ...fields })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body.data.id
}

const systemEvents = (leadId: string, trigger: string) =>
  tenantDb(env.server, env.tenant).selectFrom('event_logs').selectAll().where('lead_id', '=', leadId).where('trigger', '=', trigger).execute()

test('lead_created: a new lead runs its rules; each outbox event a rule listens to starts exactly one system event, the rest are consumed quietly', async () => {
  await createRule(env.server, env.tenant, { name: 'Welcome', trigger: 'lead_created', actions: [{ type: 'add_tag', config: { tag: 'new' } }] })
  const leadId = await newLead()
  await tagsOnceIncluding(env.server, env.tenant, leadId, ['new'])
  await settled(env.server, env.tenant)
  const [event] = await systemEvents(leadId, 'lead_created')
  assert.equal(event?.source, 'system')
  assert.equal(event?.status, 'completed')
  assert.equal(event?.rules_matched, 1)
  assert.equal(event?.depth, 0)
  assert.ok(event?.crm_event_id)

  const db = tenantDb(env.server, env.tenant)
  const outbox = await db.selectFrom('crm_events').select(['id', 'type', 'consumed_at']).execute()
  const started = await db.selectFrom('event_logs').select('crm_event_id').where('source', '=', 'system').execute()
  assert.ok(outbox.every((row) => row.consumed_at))
  assert.ok(outbox.some((row) => row.type === 'tag_added'), "the rule's own tag change is in the outbox")
  const listenedTo = outbox.filter((row) => row.type === 'lead_created')
  assert.deepEqual(started.map((row) => row.crm_event_id).sort(), listenedTo.map((row) => row.id).sort())
})

test('stage_enter / stage_exit answer only the stage of their triggerConfig', async () => {
  const [first, second, third] = pipeline.stages
  await createRule(env.server, env.tenant, { name: 'Into 2', trigger: 'stage_enter', triggerConfig: { stageId: second!.id }, actions: [{ type: 'add_tag', config: { tag: 'entered-2' } }] })
  await createRule(env.server, env.tenant, { name: 'Into 3', trigger: 'stage_enter', triggerConfig: { stageId: third!.id }, actions: [{ type: 'add_tag', config: { tag: 'entered-3' } }] })
  await createRule(env.server, env.tenant, { name: 'Out of 1', trigger: 'stage_exit', triggerConfig: { stageId: first!.id }, actions: [{ type: 'add_tag', config: { tag: 'left-1' } }] })
  const leadId = await newLead({ pipelineId: pipeline.id })
  const moved = await call('PATCH', `/api/crm/leads/${leadId}/move`, { stageId: second!.id })
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  await tagsOnceIncluding(env.server, env.tenant, leadId, ['entered-2', 'left-1'])
  await settled(env.server, env.tenant)
  assert.ok(!(await lead(env.server, env.tenant, leadId)).tags.includes('entered-3'))
  const [enter] = await systemEvents(leadId, 'stage_enter')
  assert.deepEqual((enter?.payload as { data: unknown }).data, { stageId: second!.id })
})

test('tag_added / tag_removed answer only the tag of their triggerConfig', async () => {
  await createRule(env.server, env.tenant, { name: 'VIP owner', trigger: 'tag_added', triggerConfig: { tag: 'vip' }, actions: [{ type: 'assign_to', config: { assignTo: 'closer@example.com' } }] })
  await createRule(env.server, env.tenant, { name: 'VIP lost', trigger: 'tag_removed', triggerConfig: { tag: 'vip' }, actions: [{ type: 'add_tag', config: { tag: 'was-vip' } }] })
  const leadId = await newLead()
  assert.equal((await call('PATCH', `/api/crm/leads/${leadId}/tags`, { add: ['plain'] })).status, 200)
  await settled(env.server, env.tenant)
  assert.equal((await lead(env.server, env.tenant, leadId)).assigned_to, null, 'another tag does not fire the vip rule')

  assert.equal((await call('PATCH', `/api/crm/leads/${leadId}/tags`, { add: ['vip'] })).status, 200)
  await waitFor('the vip owner', async () => (await lead(env.server, env.tenant, leadId)).assigned_to === 'closer@example.com')
  assert.equal((await call('PATCH', `/api/crm/leads/${leadId}/tags`, { remove: ['plain'] })).status, 200)
  await settled(env.server, env.tenant)
  assert.ok(!(await lead(env.server, env.tenant, leadId)).tags.includes('was-vip'), 'removing another tag does not fire it')
  assert.equal((await call('PATCH', `/api/crm/leads/${leadId}/tags`, { remove: ['vip'] })).status, 200)
  await tagsOnceIncluding(env.server, env.tenant, leadId, ['was-vip'])
})

test('score_above / score_below compare the score with scoreThreshold', async () => {
  const scoring = await call('PATCH', '/api/crm/scoring', {
    hotThreshold: 70,
    coldThreshold: 30,
    rules: [{ field: 'source', operator: 'eq', value: 'referral', score: 80 }],
  })
  assert.equal(scoring.status, 200, JSON.stringify(scoring.body))
  await createRule(env.server, env.tenant, { name: 'Hot', trigger: 'score_above', triggerConfig: { scoreThreshold: 50 }, actions: [{ type: 'add_tag', config: { tag: 'hot' } }] })
  await createRule(env.server, env.tenant, { name: 'Very hot', trigger: 'score_above', triggerConfig: { scoreThreshold: 90 }, actions: [{ type: 'add_tag', config: { tag: 'very-hot' } }] })
  await createRule(env.server, env.tenant, { name: 'Cold', trigger: 'score_below', triggerConfig: { scoreThreshold: 20 }, actions: [{ type: 'add_tag', config: { tag: 'cold' } }] })

  const leadId = await newLead({ source: 'referral' })
  assert.equal((await lead(env.server, env.tenant, leadId)).score, 80)
  await tagsOnceIncluding(env.server, env.tenant, leadId, ['hot'])
  await settled(env.server, env.tenant)
  assert.ok(!(await lead(env.server, env.tenant, leadId)).tags.includes('very-hot'), '80 is below the 90 threshold')

  assert.equal((await call('PATCH', `/api/crm/leads/${leadId}`, { source: 'walk-in' })).status, 200)
  await tagsOnceIncluding(env.server, env.tenant, leadId, ['cold'])
  const [below] = await systemEvents(leadId, 'score_below')
  assert.equal((below?.payload as { data: { score: number } }).data.score, 0)
})

test('no_contact: the daily job fires once per lead per quiet period, for leads quiet for the rule’s days', async () => {
  await createRule(env.server, env.tenant, {
    name: 'Nudge',
    trigger: 'no_contact',
    triggerConfig: { days: 3 },
    condition: { field: 'firstName', operator: 'eq', value: 'Nudge me' },
    actions: [{ type: 'add_tag', config: { tag: 'nudged' } }],
  })
  await createRule(env.server, env.tenant, { name: 'Week watch', trigger: 'no_contact', actions: [{ type: 'send_whatsapp', config: { templateName: 'miss_you' } }] })
  const nudged = await newLead({ firstName: 'Nudge me' })
  // WhatsApp is not configured: its send fails and leaves no activity, so this lead stays quiet after its events.
  const silent = await newLead({ firstName: 'Silent' })
  const active = await newLead()
  const contacted = await newLead()
  const leads = [nudged, silent, active, contacted]
  await settled(env.server, env.tenant)
  const db = tenantDb(env.server, env.tenant)
  await db.updateTable('activities').set({ created_at: sql`now() - interval '10 days'` } as never).where('lead_id', 'in', leads).execute()
  await sql`update ${sql.table(`tenant_${env.tenant.clientCode}.leads`)} set created_at = now() - interval '10 days' where id in (${sql.join(leads)})`.execute(env.server.platform.db)
  await db.updateTable('leads').set({ last_contacted_at: new Date(Date.now() - 24 * 3_600_000) }).where('id', '=', contacted).execute()
  assert.equal((await call('POST', `/api/crm/leads/${active}/notes`, { content: 'Called today' })).status, 201)
  await settled(env.server, env.tenant)

  const runDetection = async () => {
    const jobId = await env.server.platform.jobs.enqueue(detectNoContactJob, {})
    await waitFor('the no_contact job', async () => (await env.server.platform.jobs.status(jobId))?.finishedAt)
    await settled(env.server, env.tenant)
  }
  const daysFired = async (leadId: string) =>
    (await systemEvents(leadId, 'no_contact')).map((event) => (event.payload as { data: { days: number } }).data.days).sort()

  await runDetection()
  await tagsOnceIncluding(env.server, env.tenant, nudged, ['nudged'])
  assert.deepEqual(await daysFired(nudged), [3, 7])
  assert.deepEqual(await daysFired(silent), [3, 7], 'one event per quiet period length a rule asks for')
  assert.ok(!(await lead(env.server, env.tenant, silent)).tags.includes('nudged'), 'the condition still applies')
  assert.deepEqual(await daysFired(active), [], 'a note today is activity')
  assert.deepEqual(await daysFired(contacted), [], 'contacted yesterday')

  const recent = await db.selectFrom('activities').select('type').where('lead_id', '=', silent).where('created_at', '>', new Date(Date.now() - 3 * 24 * 3_600_000)).execute()
  assert.deepEqual(recent, [], 'the silent lead is still quiet')
  await runDetection()
  assert.deepEqual(await daysFired(silent), [3, 7], 'the same silence does not fire again')
})
