import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { createPipeline, createRule, createLead, seedRules, snapshotEverything, tagRule } from './rule-data'

let stageId: string
let otherStageId: string
let rule: { id: string }
let leadId: string
const env = useTestServer({
  tenants: { tenant: 'Strict Clinic', other: 'Neighbour Clinic' },
  seed: async () => {
    const pipeline = await createPipeline(env.server, env.tenant)
    stageId = pipeline.stages[0]!.id
    otherStageId = (await createPipeline(env.server, env.other)).stages[0]!.id
    rule = await createRule(env.server, env.tenant, { ...seedRules.archiveColdLeads })
    leadId = await createLead(env.server, env.tenant, { pipelineId: pipeline.id, stageId })
  },
})

/** The request is refused with `status`/`code`, names every `paths` entry in its details, and writes nothing. */
async function assertRefused(method: string, path: string, json: unknown, status: number, code: string, paths: string[] = []) {
  const before = await snapshotEverything(env.server, [env.tenant, env.other])
  const result = await request(env.server, method, path, { headers: env.tenant.headers, json })
  expectRefused(result, status, code, { where: `${method} ${path} ${JSON.stringify(json)}`, fields: paths })
  assert.deepEqual(await snapshotEverything(env.server, [env.tenant, env.other]), before, 'nothing was written')
}

const withAction = (action: unknown) => tagRule({ actions: [action] })
const badRules: [string, unknown, string[]][] = [
  ['an unknown action type', withAction({ type: 'send_sms', config: { text: 'hi' } }), ['body.actions.0']],
  ['a bad condition operator', tagRule({ condition: { field: 'source', operator: 'like', value: 'web' } }), ['body.condition']],
  ['a condition on an unknown field', tagRule({ condition: { field: 'password', operator: 'eq', value: 'x' } }), ['body.condition']],
  ['delayMinutes -1', withAction({ type: 'add_tag', delayMinutes: -1, config: { tag: 'x' } }), ['body.actions.0']],
  ['delayMinutes 43201 (over 30 days)', withAction({ type: 'add_tag', delayMinutes: 43201, config: { tag: 'x' } }), ['body.actions.0']],
  ['an empty action list', tagRule({ actions: [] }), ['body.actions']],
  ['an action missing its config field', withAction({ type: 'send_email', config: { subject: 'Hi' } }), ['body.actions.0']],
  ['an unknown top-level field', tagRule({ priority: 1 }), ['body.priority']],
  ['no trigger', { name: 'X', actions: [{ type: 'add_tag', config: { tag: 'x' } }] }, ['body.trigger']],
  ['a move_stage to an unknown stage', withAction({ type: 'move_stage', config: { stageId: randomUUID() } }), ['body.actions.0.config.stageId']],
  ['a move_stage to a malformed stage id', withAction({ type: 'move_stage', config: { stageId: 'stage-1' } }), ['body.actions.0.config.stageId']],
  ["a move_stage to another tenant's stage", withAction({ type: 'move_stage', config: { stageId: '{other}' } }), ['body.actions.0.config.stageId']],
  ['a stage_enter rule on an unknown stage', tagRule({ trigger: 'stage_enter', triggerConfig: { stageId: randomUUID() } }), ['body.triggerConfig.stageId']],
  ['scoreThreshold on appointment_confirmed', tagRule({ triggerConfig: { scoreThreshold: 20 } }), ['body.triggerConfig.scoreThreshold']],
  ['tag and days on score_above', tagRule({ trigger: 'score_above', triggerConfig: { tag: 'vip', days: 3 } }), ['body.triggerConfig.tag', 'body.triggerConfig.days']],
  ['scoreThreshold over 100', tagRule({ trigger: 'score_above', triggerConfig: { scoreThreshold: 101 } }), ['body.triggerConfig.scoreThreshold']],
]
for (const [name, body, paths] of badRules) {
  test(`creating a rule with ${name} → 400 VALIDATION_ERROR, nothing written`, async () => {
    const json = JSON.parse(JSON.stringify(body).replace('{other}', otherStageId))
    await assertRefused('POST', '/api/crm/automations', json, 400, 'VALIDATION_ERROR', paths)
  })
}

test('a valid stage still refuses the rule when another action names an unknown one', async () => {
  const actions = [
    { type: 'move_stage', config: { stageId } },
    { type: 'move_stage', config: { stageId: randomUUID() } },
  ]
  await assertRefused('POST', '/api/crm/automations', tagRule({ actions }), 400, 'VALIDATION_ERROR', ['body.actions.1.config.stageId'])
})

const badChanges: [string, unknown, string[]][] = [
  ['no field', {}, ['body']],
  ['an empty action list', { actions: [] }, ['body.actions']],
  ['an unknown action type', { actions: [{ type: 'call_api', config: {} }] }, ['body.actions.0']],
  ['a bad operator', { condition: { field: 'lead.score', operator: 'between', value: [1, 2] } }, ['body.condition']],
  ['delayMinutes 43201', { actions: [{ type: 'add_tag', delayMinutes: 43201, config: { tag: 'x' } }] }, ['body.actions.0']],
  ['a move_stage to an unknown stage', { actions: [{ type: 'move_stage', config: { stageId: randomUUID() } }] }, ['body.actions.0.config.stageId']],
  ['a triggerConfig key of another trigger', { triggerConfig: { tag: 'vip' } }, ['body.triggerConfig.tag']],
  // The rule keeps its scoreThreshold, which does not apply to the new trigger.
  ['a trigger its kept triggerConfig does not fit', { trigger: 'form_submitted' }, ['body.trigger']],
  ['an empty name', { name: '' }, ['body.name']],
]
for (const [name, body, paths] of badChanges) {
  test(`updating a rule with ${name} → 400 VALIDATION_ERROR, nothing written`, () =>
    assertRefused('PATCH', `/api/crm/automations/${rule.id}`, body, 400, 'VALIDATION_ERROR', paths))
}

test('toggle with a non-boolean isActive or an unknown field → 400, nothing written', async () => {
  await assertRefused('PATCH', `/api/crm/automations/${rule.id}/toggle`, { isActive: 'yes' }, 400, 'VALIDATION_ERROR', ['body.isActive'])
  await assertRefused('PATCH', `/api/crm/automations/${rule.id}/toggle`, { enabled: true }, 400, 'VALIDATION_ERROR', ['body.enabled'])
})

test('dry run: unknown or malformed lead id → 404 LEAD_NOT_FOUND; missing lead id or extra field → 400; nothing written', async () => {
  const path = `/api/crm/automations/${rule.id}/test`
  await assertRefused('POST', path, { leadId: randomUUID() }, 404, 'LEAD_NOT_FOUND')
  await assertRefused('POST', path, { leadId: 'lead-1' }, 404, 'LEAD_NOT_FOUND')
  await assertRefused('POST', path, {}, 400, 'VALIDATION_ERROR', ['body.leadId'])
  await assertRefused('POST', path, { leadId, execute: true }, 400, 'VALIDATION_ERROR', ['body.execute'])
  await assertRefused('POST', path, { leadId, variables: ['a'] }, 400, 'VALIDATION_ERROR', ['body.variables'])
})

const unknownIds = [randomUUID(), 'not-a-uuid', "1' or '1'='1"]
const ruleRoutes: [string, string, unknown][] = [
  ['GET', '', undefined],
  ['PATCH', '', { name: 'X' }],
  ['DELETE', '', undefined],
  ['PATCH', '/toggle', { isActive: false }],
  ['POST', '/test', { leadId: randomUUID() }],
]
for (const [method, suffix, json] of ruleRoutes) {
  test(`${method} /api/crm/automations/{unknown or malformed}${suffix} → 404 RULE_NOT_FOUND, nothing written`, async () => {
    for (const id of unknownIds) {
      await assertRefused(method, `/api/crm/automations/${encodeURIComponent(id)}${suffix}`, json, 404, 'RULE_NOT_FOUND')
    }
  })
}
