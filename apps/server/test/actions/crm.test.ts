import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { executeAction } from '../../src/areas/automation/actions/execute-action'
import type { AutomationAction } from '../../src/areas/automation/actions/action-executor'
import type { LeadRow } from '../../src/areas/crm'
import { actionContext, actionEvent, createLeadRow, leadRow, snapshotTenantWrites } from '../helpers/action-context'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'CRM Actions' } })

/** Runs an action as the engine does, on the lead as it is just before the run; answers the outcome the engine stores. */
const run = async (action: AutomationAction, lead: LeadRow | null, depth = 0) => {
  const outcome = await executeAction({
    ctx: actionContext(env.server, env.tenant, depth),
    action,
    lead: lead && (await leadRow(env.server, env.tenant, lead.id)),
    event: actionEvent({ depth }),
  })
  if (outcome.status !== 'ok' || !outcome.lead) return outcome
  const { lead: written, ...stored } = outcome
  assert.deepEqual(written, await leadRow(env.server, env.tenant, written.id), 'the lead it hands on is the lead as written')
  return stored
}

const stagesOf = async (pipelineId: string) =>
  tenantDb(env.server, env.tenant).selectFrom('stages').selectAll().where('pipeline_id', '=', pipelineId).orderBy('position').execute()
const crmEvents = (leadId: string) =>
  tenantDb(env.server, env.tenant).selectFrom('crm_events').select(['type', 'payload', 'depth']).where('lead_id', '=', leadId).orderBy('id').execute()
const crmTables = () => snapshotTenantWrites(env.server, env.tenant.clientCode)

test('move_stage moves the lead through the move service; its CRM events carry the automation depth', async () => {
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Mover', phone: '+919876600001' })
  const [first, second] = await stagesOf(lead.pipeline_id)
  const outcome = await run({ type: 'move_stage', config: { stageId: second!.id } }, lead, 2)
  assert.deepEqual(outcome, { status: 'ok', result: { fromStageId: first!.id, stageId: second!.id, stageName: second!.name, changed: true } })
  assert.equal((await leadRow(env.server, env.tenant, lead.id)).stage_id, second!.id)
  const moves = (await crmEvents(lead.id)).filter((event) => event.type === 'stage_exit' || event.type === 'stage_enter')
  assert.deepEqual(moves.map((event) => [event.type, event.depth]), [['stage_exit', 3], ['stage_enter', 3]])
})

test('move_stage to an unknown stage or another pipeline fails with the reason and changes nothing', async () => {
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Stayer', phone: '+919876600002' })
  const other = await request(env.server, 'POST', '/api/crm/pipelines', { headers: env.tenant.headers, json: { name: 'Other' } })
  assert.equal(other.status, 201)
  const before = await crmTables()
  const missing = randomUUID()
  assert.deepEqual(await run({ type: 'move_stage', config: { stageId: missing } }, lead), { status: 'failed', reason: `No stage ${missing}` })
  assert.deepEqual(await run({ type: 'move_stage', config: { stageId: 'not-a-uuid' } }, lead), { status: 'failed', reason: 'No stage not-a-uuid' })
  const foreign = other.body.data.stages[0]
  const outcome = await run({ type: 'move_stage', config: { stageId: foreign.id } }, lead)
  assert.equal(outcome.status, 'failed')
  assert.match((outcome as { reason: string }).reason, /is not in the lead's pipeline/)
  assert.deepEqual(await crmTables(), before)
})

test('assign_to assigns the lead through the update service, which records the change', async () => {
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Assignee', phone: '+919876600003' })
  assert.deepEqual(await run({ type: 'assign_to', config: { assignTo: 'priya@clinic.example' } }, lead), {
    status: 'ok',
    result: { assignTo: 'priya@clinic.example', previous: null, changed: true },
  })
  assert.equal((await leadRow(env.server, env.tenant, lead.id)).assigned_to, 'priya@clinic.example')
  const activities = await tenantDb(env.server, env.tenant).selectFrom('activities').selectAll().where('lead_id', '=', lead.id).where('type', '=', 'field_updated').execute()
  assert.deepEqual(activities.map((activity) => activity.data), [{ field: 'assignedTo', from: null, to: 'priya@clinic.example' }])
})

test('add_tag and remove_tag change the tags once; a tag already there (or gone) is ok with changed: false', async () => {
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Tagged', phone: '+919876600004' })
  const addVip = { type: 'add_tag', config: { tag: 'vip' } } as const
  const removeVip = { type: 'remove_tag', config: { tag: 'vip' } } as const
  // The event's copy of the lead is stale after the first action: the second must still see the tag.
  assert.deepEqual(await run(addVip, lead, 1), { status: 'ok', result: { tag: 'vip', changed: true } })
  assert.deepEqual(await run(addVip, lead), { status: 'ok', result: { tag: 'vip', changed: false } })
  assert.deepEqual((await leadRow(env.server, env.tenant, lead.id)).tags, ['vip'])
  assert.deepEqual(await run(removeVip, lead), { status: 'ok', result: { tag: 'vip', changed: true } })
  assert.deepEqual(await run(removeVip, lead), { status: 'ok', result: { tag: 'vip', changed: false } })
  assert.deepEqual((await leadRow(env.server, env.tenant, lead.id)).tags, [])
  const tagEvents = (await crmEvents(lead.id)).filter((event) => event.type.startsWith('tag_'))
  assert.deepEqual(tagEvents, [
    { type: 'tag_added', payload: { tag: 'vip' }, depth: 2 },
    { type: 'tag_removed', payload: { tag: 'vip' }, depth: 1 },
  ])
})

test('every CRM action without a lead is skipped and writes nothing', async () => {
  const before = await crmTables()
  const actions: AutomationAction[] = [
    { type: 'move_stage', config: { stageId: randomUUID() } },
    { type: 'assign_to', config: { assignTo: 'nobody' } },
    { type: 'add_tag', config: { tag: 'x' } },
    { type: 'remove_tag', config: { tag: 'x' } },
  ]
  for (const action of actions) {
    assert.deepEqual(await run(action, null), { status: 'skipped', reason: 'No lead: the event has none' }, action.type)
  }
  assert.deepEqual(await crmTables(), before)
})
