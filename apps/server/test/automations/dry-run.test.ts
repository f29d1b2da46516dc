import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEcodrix } from '@ecodrix/sdk'
import { createLeadRow } from '../helpers/action-context'
import { adminHeaders, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { createPipeline, createRule, createLead, seedRules, snapshotEverything, tagRule } from './rule-data'

let pipeline: Awaited<ReturnType<typeof createPipeline>>
let coldLead: string
let websiteLead: string
const env = useTestServer({
  tenants: { tenant: 'Dry Run Clinic' },
  seed: async () => {
    const secrets = await request(env.server, 'POST', `/api/clients/${env.tenant.clientCode}/secrets`, {
      headers: adminHeaders(env.server),
      json: { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: '1098765' },
    })
    assert.equal(secrets.status, 200, JSON.stringify(secrets.body))
    pipeline = await createPipeline(env.server, env.tenant)
    const placement = { pipelineId: pipeline.id, stageId: pipeline.stages[0]!.id }
    coldLead = await createLead(env.server, env.tenant, {
      ...placement,
      source: 'cold_outreach',
      phone: '+91 98765 43210',
      email: 'ravi@example.com',
      extra: { plan: 'gold' },
    })
    websiteLead = await createLead(env.server, env.tenant, { ...placement, source: 'website', extra: { plan: 'silver' } })
  },
})

const appointment = { patientName: 'Ravi Kumar', doctorName: 'Dr. Sharma', appointmentTime: '3:00 PM' }

async function dryRun(ruleId: string, body: Record<string, unknown>) {
  const result = await request(env.server, 'POST', `/api/crm/automations/${ruleId}/test`, { headers: env.tenant.headers, json: body })
  assert.equal(result.status, 200, JSON.stringify(result.body))
  return result.body.data
}

test('a passing event.variables condition: every action with its resolved values, and nothing written or queued', async () => {
  const rule = await createRule(env.server, env.tenant, {
    name: 'Confirm with Dr. Sharma',
    trigger: 'appointment_confirmed',
    condition: { field: 'event.variables.doctorName', operator: 'eq', value: 'Dr. Sharma' },
    actions: [
      { type: 'send_whatsapp', config: { templateName: 'appointment_confirmed', language: 'en_US' } },
      { type: 'add_tag', config: { tag: 'booked' } },
      { type: 'move_stage', delayMinutes: 30, config: { stageId: pipeline.stages[1]!.id } },
      { type: 'send_email', delayMinutes: 5, config: { subject: 'See you, {{patientName}}', htmlBody: '<p>{{appointmentTime}}</p>' } },
    ],
  })
  const before = await snapshotEverything(env.server, [env.tenant])
  const passing = await dryRun(rule.id, { leadId: coldLead, variables: appointment })
  assert.deepEqual(
    { ...passing, actions: undefined },
    {
      ruleId: rule.id,
      leadId: coldLead,
      isActive: true,
      conditionPassed: true,
      condition: { field: 'event.variables.doctorName', operator: 'eq', value: 'Dr. Sharma', actual: 'Dr. Sharma', passed: true },
      wouldRun: true,
      actions: undefined,
    },
  )
  const [whatsapp, tag, move, email] = passing.actions
  assert.deepEqual(
    passing.actions.map((action: any) => [action.position, action.type, action.delayMinutes]),
    [
      [0, 'send_whatsapp', 0],
      [1, 'add_tag', 0],
      [2, 'move_stage', 30],
      [3, 'send_email', 5],
    ],
  )
  assert.equal(whatsapp.problem, undefined)
  assert.equal(whatsapp.resolved.to, '919876543210')
  assert.deepEqual(whatsapp.resolved.parameters, ['Ravi Kumar', 'Dr. Sharma', '3:00 PM'])
  assert.equal(whatsapp.resolved.simulated, true)
  assert.deepEqual(tag.resolved, { leadId: coldLead, tag: 'booked', changed: true })
  assert.equal(move.resolved.stageId, pipeline.stages[1]!.id)
  assert.equal(move.resolved.changed, true)
  assert.match(email.problem, /Email is not configured/)

  const failing = await dryRun(rule.id, { leadId: coldLead, variables: { ...appointment, doctorName: 'Dr. Rao' } })
  assert.equal(failing.conditionPassed, false)
  assert.equal(failing.wouldRun, false)
  assert.deepEqual(failing.condition, { field: 'event.variables.doctorName', operator: 'eq', value: 'Dr. Sharma', actual: 'Dr. Rao', passed: false })
  assert.equal(failing.actions.length, 4, 'a dry run still shows what the actions would do')

  const missing = await dryRun(rule.id, { leadId: coldLead })
  assert.deepEqual([missing.condition.actual, missing.conditionPassed], [null, false])

  assert.deepEqual(await snapshotEverything(env.server, [env.tenant]), before, 'no row written, no job created')
})

test("the seed's lead.source condition passes for a cold_outreach lead and fails for a website one", async () => {
  const rule = await createRule(env.server, env.tenant, { ...seedRules.archiveColdLeads })
  const cold = await dryRun(rule.id, { leadId: coldLead })
  assert.deepEqual([cold.conditionPassed, cold.condition.actual, cold.wouldRun], [true, 'cold_outreach', true])
  assert.deepEqual(cold.actions, [{ position: 0, type: 'add_tag', delayMinutes: 0, resolved: { leadId: coldLead, tag: 'cold-dead', changed: true } }])
  const website = await dryRun(rule.id, { leadId: websiteLead })
  assert.deepEqual([website.conditionPassed, website.condition.actual, website.wouldRun], [false, 'website', false])
})

test('metadata.extra and event.data conditions', async () => {
  const plan = await createRule(env.server, env.tenant, tagRule({ condition: { field: 'metadata.extra.plan', operator: 'in', value: ['gold', 'platinum'] } }))
  assert.deepEqual(
    [(await dryRun(plan.id, { leadId: coldLead })).conditionPassed, (await dryRun(plan.id, { leadId: websiteLead })).condition.actual],
    [true, 'silver'],
  )
  assert.equal((await dryRun(plan.id, { leadId: websiteLead })).conditionPassed, false)

  const amount = await createRule(env.server, env.tenant, tagRule({ condition: { field: 'event.data.order.amount', operator: 'gte', value: 1000 } }))
  assert.equal((await dryRun(amount.id, { leadId: coldLead, data: { order: { amount: 1500 } } })).conditionPassed, true)
  assert.equal((await dryRun(amount.id, { leadId: coldLead, data: { order: { amount: 999 } } })).conditionPassed, false)
})

test('a rule whose triggerConfig the tested data does not fit would not run, its condition passing', async () => {
  const rule = await createRule(env.server, env.tenant, {
    name: 'Welcome VIPs',
    trigger: 'tag_added',
    triggerConfig: { tag: 'vip' },
    actions: [{ type: 'add_tag', config: { tag: 'welcomed' } }],
  })
  const lead = await createLeadRow(env.server, env.tenant, { firstName: 'Asha', phone: '+91 98111 22334' })
  const other = await dryRun(rule.id, { leadId: lead.id, data: { tag: 'regular' } })
  assert.deepEqual([other.conditionPassed, other.condition, other.wouldRun], [true, null, false])
  const fitting = await dryRun(rule.id, { leadId: lead.id, data: { tag: 'vip' } })
  assert.deepEqual([fitting.conditionPassed, fitting.condition, fitting.wouldRun], [true, null, true])
})

test('a rule without condition passes; an inactive rule would not run', async () => {
  const paused = await createRule(env.server, env.tenant, tagRule({ isActive: false }))
  const result = await dryRun(paused.id, { leadId: websiteLead })
  assert.deepEqual([result.condition, result.conditionPassed, result.isActive, result.wouldRun], [null, true, false, false])
})

test('through the SDK: create a rule, dry-run it, toggle it', async () => {
  const erix = createEcodrix({ baseUrl: env.server.url, apiKey: env.tenant.apiKey, clientCode: env.tenant.clientCode })
  const rule = await erix.POST('/api/crm/automations', {
    body: {
      name: 'Through the SDK',
      trigger: 'score_below',
      triggerConfig: { scoreThreshold: 20 },
      condition: { field: 'source', operator: 'eq', value: 'cold_outreach' },
      actions: [{ type: 'add_tag', delayMinutes: 0, config: { tag: 'cold-dead' } }],
      isActive: true,
    },
  })
  assert.equal(rule.trigger, 'score_below')
  const tested = await erix.POST('/api/crm/automations/{ruleId}/test', { params: { path: { ruleId: rule.id } }, body: { leadId: coldLead } })
  assert.equal(tested.wouldRun, true)
  const toggled = await erix.PATCH('/api/crm/automations/{ruleId}/toggle', { params: { path: { ruleId: rule.id } } })
  assert.equal(toggled.isActive, false)
  const listed = await erix.GET('/api/crm/automations')
  assert.equal(listed[0]?.id, rule.id)
})
