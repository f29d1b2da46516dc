import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { createPipeline, createRule, createLead, seedRules, snapshotEverything, tagRule } from './rule-data'

let ownerRule: { id: string }
let ownerLeadId: string
let intruderRule: { id: string }
let intruderStageId: string
const env = useTestServer({
  tenants: { owner: 'Owner Clinic', intruder: 'Intruder Store' },
  seed: async () => {
    const pipeline = await createPipeline(env.server, env.owner)
    ownerRule = await createRule(env.server, env.owner, seedRules.archiveColdLeads)
    ownerLeadId = await createLead(env.server, env.owner, { pipelineId: pipeline.id, stageId: pipeline.stages[0]!.id, source: 'cold_outreach' })
    intruderRule = await createRule(env.server, env.intruder, tagRule({ name: 'Theirs' }))
    intruderStageId = (await createPipeline(env.server, env.intruder)).stages[0]!.id
  },
})

test("another tenant's rules are not listed", async () => {
  const listed = await request(env.server, 'GET', '/api/crm/automations', { headers: env.intruder.headers })
  assert.deepEqual(
    listed.body.data.map((rule: { id: string }) => rule.id),
    [intruderRule.id],
  )
})

test("every operation on another tenant's rule id → 404 RULE_NOT_FOUND, and neither tenant's data changes", async () => {
  const attempts: [string, string, unknown][] = [
    ['GET', '', undefined],
    ['PATCH', '', { name: 'Mine now', isActive: false }],
    ['PATCH', '/toggle', undefined],
    ['PATCH', '/toggle', { isActive: false }],
    ['POST', '/test', { leadId: ownerLeadId }],
    ['DELETE', '', undefined],
  ]
  const before = await snapshotEverything(env.server, [env.owner, env.intruder])
  for (const [method, suffix, json] of attempts) {
    const result = await request(env.server, method, `/api/crm/automations/${ownerRule.id}${suffix}`, { headers: env.intruder.headers, json })
    expectRefused(result, 404, 'RULE_NOT_FOUND', { where: `${method} ${suffix}` })
  }
  assert.deepEqual(await snapshotEverything(env.server, [env.owner, env.intruder]), before)
  const still = await request(env.server, 'GET', `/api/crm/automations/${ownerRule.id}`, { headers: env.owner.headers })
  assert.equal(still.body.data.isActive, true)
})

test("a dry run of one's own rule against another tenant's lead → 404 LEAD_NOT_FOUND", async () => {
  const before = await snapshotEverything(env.server, [env.owner, env.intruder])
  const result = await request(env.server, 'POST', `/api/crm/automations/${intruderRule.id}/test`, {
    headers: env.intruder.headers,
    json: { leadId: ownerLeadId },
  })
  expectRefused(result, 404, 'LEAD_NOT_FOUND')
  assert.deepEqual(await snapshotEverything(env.server, [env.owner, env.intruder]), before)
})

test("a rule cannot name another tenant's stage (action or triggerConfig) → 400, nothing written", async () => {
  const before = await snapshotEverything(env.server, [env.owner, env.intruder])
  const bodies = [
    tagRule({ actions: [{ type: 'move_stage', config: { stageId: intruderStageId } }] }),
    tagRule({ trigger: 'stage_exit', triggerConfig: { stageId: intruderStageId } }),
  ]
  for (const json of bodies) {
    const result = await request(env.server, 'POST', '/api/crm/automations', { headers: env.owner.headers, json })
    expectRefused(result, 400, 'VALIDATION_ERROR')
  }
  const patched = await request(env.server, 'PATCH', `/api/crm/automations/${ownerRule.id}`, {
    headers: env.owner.headers,
    json: { actions: [{ type: 'move_stage', config: { stageId: intruderStageId } }] },
  })
  assert.equal(patched.status, 400, JSON.stringify(patched.body))
  assert.deepEqual(await snapshotEverything(env.server, [env.owner, env.intruder]), before)
})
