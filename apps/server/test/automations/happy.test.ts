import assert from 'node:assert/strict'
import { test } from 'node:test'
import { activeRulesFor } from '../../src/areas/automation/automations/rules/active-rules'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { createPipeline, createRule, seedRules, tagRule } from './rule-data'

let pipeline: Awaited<ReturnType<typeof createPipeline>>
const env = useTestServer({
  tenants: { tenant: 'Rules Clinic', engine: 'Engine Clinic' },
  seed: async () => {
    pipeline = await createPipeline(env.server, env.tenant)
  },
})

const call = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.tenant.headers, json })

test("the seed's two example rules are created as written → 201", async () => {
  for (const example of Object.values(seedRules)) {
    const created = await call('POST', '/api/crm/automations', example)
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const { id, isActive, createdAt, updatedAt, ...rule } = created.body.data
    assert.match(id, /^[0-9a-f-]{36}$/)
    assert.equal(isActive, true)
    assert.equal(createdAt, updatedAt)
    assert.deepEqual(rule, { condition: null, ...example })
  }
})

test('CRUD round trip: create, read, list newest first, update, delete', async () => {
  const first = await createRule(env.server, env.tenant, tagRule({ name: 'First' }))
  const second = await createRule(env.server, env.tenant, tagRule({ name: 'Second', isActive: false }))
  assert.equal(second.isActive, false)
  assert.deepEqual(second.actions, [{ type: 'add_tag', delayMinutes: 0, config: { tag: 'booked' } }])

  assert.deepEqual((await call('GET', `/api/crm/automations/${first.id}`)).body.data, first)
  const listed = (await call('GET', '/api/crm/automations')).body.data
  assert.deepEqual(
    listed.slice(0, 2).map((rule: { name: string }) => rule.name),
    ['Second', 'First'],
  )

  const changes = {
    name: 'Move and tag',
    trigger: 'stage_enter',
    triggerConfig: { stageId: pipeline.stages[0]!.id },
    condition: { field: 'event.data.amount', operator: 'gte', value: 1000 },
    actions: [
      { type: 'move_stage', delayMinutes: 60, config: { stageId: pipeline.stages[1]!.id } },
      { type: 'assign_to', config: { assignTo: 'dr.sharma@example.com' } },
    ],
  }
  const updated = await call('PATCH', `/api/crm/automations/${first.id}`, changes)
  assert.equal(updated.status, 200, JSON.stringify(updated.body))
  assert.deepEqual(updated.body.data.actions, [changes.actions[0], { ...changes.actions[1], delayMinutes: 0 }], 'actions replaced')
  assert.equal(updated.body.data.name, 'Move and tag')
  assert.deepEqual(updated.body.data.condition, changes.condition)
  assert.deepEqual(updated.body.data.triggerConfig, changes.triggerConfig)
  assert.equal(updated.body.data.createdAt, first.createdAt)
  assert.ok(updated.body.data.updatedAt > first.updatedAt)

  const cleared = await call('PATCH', `/api/crm/automations/${first.id}`, { condition: null })
  assert.equal(cleared.body.data.condition, null)
  assert.deepEqual(cleared.body.data.actions, updated.body.data.actions, 'fields left out keep their value')
  assert.deepEqual((await call('GET', `/api/crm/automations/${first.id}`)).body.data, cleared.body.data)

  const deleted = await call('DELETE', `/api/crm/automations/${first.id}`)
  assert.equal(deleted.status, 200)
  assert.deepEqual(deleted.body.data, { id: first.id, deleted: true })
  const gone = await call('GET', `/api/crm/automations/${first.id}`)
  assert.equal(gone.status, 404)
  assert.equal(gone.body.code, 'RULE_NOT_FOUND')
  assert.equal((await call('DELETE', `/api/crm/automations/${first.id}`)).status, 404)
  const remaining = (await call('GET', '/api/crm/automations')).body.data.map((rule: { id: string }) => rule.id)
  assert.ok(!remaining.includes(first.id))
  assert.ok(remaining.includes(second.id))
})

test('toggle flips isActive without a body, or sets it from {isActive}', async () => {
  const rule = await createRule(env.server, env.tenant, tagRule({ name: 'Toggled' }))
  const path = `/api/crm/automations/${rule.id}/toggle`
  const off = await request(env.server, 'PATCH', path, { headers: env.tenant.headers })
  assert.equal(off.status, 200, JSON.stringify(off.body))
  assert.equal(off.body.data.isActive, false)
  assert.equal((await call('PATCH', path, {})).body.data.isActive, true)
  assert.equal((await call('PATCH', path, { isActive: true })).body.data.isActive, true, 'setting is not flipping')
  assert.equal((await call('PATCH', path, { isActive: false })).body.data.isActive, false)
  assert.equal((await call('GET', `/api/crm/automations/${rule.id}`)).body.data.isActive, false)
  const { isActive, updatedAt, ...rest } = (await call('GET', `/api/crm/automations/${rule.id}`)).body.data
  const { isActive: _, updatedAt: __, ...original } = rule
  assert.deepEqual(rest, original, 'toggling changes nothing else')
})

test('a PATCH may change the trigger together with a triggerConfig that fits it', async () => {
  const rule = await createRule(env.server, env.tenant, { ...seedRules.archiveColdLeads, name: 'Retargeted' })
  const changed = await call('PATCH', `/api/crm/automations/${rule.id}`, { trigger: 'tag_added', triggerConfig: { tag: 'vip' } })
  assert.equal(changed.status, 200, JSON.stringify(changed.body))
  assert.deepEqual([changed.body.data.trigger, changed.body.data.triggerConfig], ['tag_added', { tag: 'vip' }])
  const emptied = await call('PATCH', `/api/crm/automations/${rule.id}`, { trigger: 'form_submitted', triggerConfig: {} })
  assert.deepEqual([emptied.body.data.trigger, emptied.body.data.triggerConfig], ['form_submitted', {}])
})

test('the engine reads the active rules of one trigger, oldest first', async () => {
  const names = ['Oldest', 'Paused', 'Newest']
  for (const name of names) await createRule(env.server, env.engine, tagRule({ name, trigger: 'deal_won', isActive: name !== 'Paused' }))
  await createRule(env.server, env.engine, tagRule({ name: 'Other trigger', trigger: 'deal_lost' }))
  const tenant = { clientCode: env.engine.clientCode, db: tenantDb(env.server, env.engine), sharesJobQueueDatabase: true, defaultCountry: 'IN' as const }
  const rules = await activeRulesFor({ platform: env.server.platform, tenant }, 'deal_won')
  assert.deepEqual(
    rules.map((rule) => rule.name),
    ['Oldest', 'Newest'],
  )
  assert.deepEqual(rules[0]!.actions, [{ type: 'add_tag', delayMinutes: 0, config: { tag: 'booked' } }])
})
