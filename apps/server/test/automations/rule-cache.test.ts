import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import pino from 'pino'
import { type RunningServer, startServer } from '../../src/server'
import { adminHeaders, request } from '../helpers/http'
import type { TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { actionRuns, finishedEvent, tagsOnceIncluding } from '../workflows/workflow-data'
import { createRule } from './rule-data'

// Node A (the file's server) and node B are API nodes on one database, each with its own cache; W is their worker.
const nodes: RunningServer[] = []
const env = useTestServer({
  tenants: { clinic: 'Cached Rules Clinic' },
  // Each wait on node B below may fire a few triggers.
  config: { role: 'api', triggerRateLimit: 10_000 },
  seed: async () => {
    const silent = { logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) }
    nodes.push(await startServer({ ...env.server.config, role: 'api' }, silent), await startServer({ ...env.server.config, role: 'worker' }, silent))
  },
})
after(() => Promise.all(nodes.map((node) => node.stop())))
const nodeB = () => ({ url: nodes[0]?.url ?? assert.fail('node B starts in the seed') })

/** How long a change made on node A may take to reach node B: the bound. */
const WITHIN_A_SECOND = 1_000
const PHONE = '+919811100001'

const fireOnB = (json: Record<string, unknown>) =>
  request(nodeB(), 'POST', '/api/saas/workflows/trigger', { headers: env.clinic.headers, json: { phone: PHONE, createLeadIfMissing: true, ...json } })
const onA = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.clinic.headers, json })

/** Fires the trigger on node B and answers the tags its planned runs would add, one per matched rule's action. */
async function plannedTagsOnB(triggerName: string): Promise<{ eventLogId: string; leadId: string; tags: string[] }> {
  const fired = await fireOnB({ trigger: triggerName })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const runs = await actionRuns(env.server, env.clinic, fired.body.data.eventLogId)
  return { ...fired.body.data, tags: runs.map((run) => (run.config as { tag: string }).tag) }
}

const nextTriggerOnBPlans = (what: string, triggerName: string, expected: string[]) =>
  waitFor(
    `the next trigger on node B to plan ${what}`,
    async () => {
      const planned = await plannedTagsOnB(triggerName)
      return JSON.stringify(planned.tags) === JSON.stringify(expected) && planned
    },
    WITHIN_A_SECOND,
  )

test('a rule created, updated, toggled and deleted through node A is used by the next trigger on node B', async () => {
  assert.deepEqual((await plannedTagsOnB('visit_booked')).tags, [], 'node B has cached the tenant without rules for it')

  const rule = await createRule(env.server, env.clinic, { name: 'Tag visits', trigger: 'visit_booked', actions: [{ type: 'add_tag', config: { tag: 'v1' } }] })
  await nextTriggerOnBPlans('the created rule', 'visit_booked', ['v1'])

  const updated = await onA('PATCH', `/api/crm/automations/${rule.id}`, { actions: [{ type: 'add_tag', config: { tag: 'v2' } }] })
  assert.equal(updated.status, 200, JSON.stringify(updated.body))
  const afterUpdate = await nextTriggerOnBPlans('the updated action', 'visit_booked', ['v2'])
  // The worker runs what node B planned.
  assert.equal((await finishedEvent(env.server, env.clinic, afterUpdate.eventLogId)).status, 'completed')
  await tagsOnceIncluding(env.server, env.clinic, afterUpdate.leadId, ['v2'])

  const moved = await onA('PATCH', `/api/crm/automations/${rule.id}`, { trigger: 'visit_moved' })
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  await nextTriggerOnBPlans('nothing for the trigger the rule left', 'visit_booked', [])
  await nextTriggerOnBPlans('the rule under its new trigger', 'visit_moved', ['v2'])

  const paused = await onA('PATCH', `/api/crm/automations/${rule.id}/toggle`, { isActive: false })
  assert.equal(paused.status, 200, JSON.stringify(paused.body))
  await nextTriggerOnBPlans('nothing for the paused rule', 'visit_moved', [])

  const resumed = await onA('PATCH', `/api/crm/automations/${rule.id}/toggle`)
  assert.equal(resumed.status, 200, JSON.stringify(resumed.body))
  await nextTriggerOnBPlans('the resumed rule', 'visit_moved', ['v2'])

  const deleted = await onA('DELETE', `/api/crm/automations/${rule.id}`)
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body))
  await nextTriggerOnBPlans('nothing for the deleted rule', 'visit_moved', [])
})

test("node B's engine counts follow rules changed through node A", async () => {
  const activeOnB = async () => {
    const health = await request(nodeB(), 'GET', '/api/saas/health/client', { headers: env.clinic.headers })
    assert.equal(health.status, 200, JSON.stringify(health.body))
    return health.body.data.activeAutomations as number
  }
  const before = await activeOnB()
  const rule = await createRule(env.server, env.clinic, { name: 'Counted', trigger: 'visit_counted', actions: [{ type: 'add_tag', config: { tag: 'c' } }] })
  await waitFor('node B to count the new rule', async () => (await activeOnB()) === before + 1, WITHIN_A_SECOND)
  await onA('PATCH', `/api/crm/automations/${rule.id}/toggle`, { isActive: false })
  await waitFor('node B to stop counting the paused rule', async () => (await activeOnB()) === before, WITHIN_A_SECOND)
})

async function setSecrets(tenant: TestTenant, secrets: Record<string, string | null>) {
  const set = await request(env.server, 'POST', `/api/clients/${tenant.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })
  assert.equal(set.status, 200, JSON.stringify(set.body))
}

/** Fires on node B; the outcome of the WhatsApp send the worker made for it. */
async function whatsappRunOnWorker() {
  const fired = await fireOnB({ trigger: 'visit_reminder' })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const [run] = (await finishedEvent(env.server, env.clinic, fired.body.data.eventLogId)).runs
  return { status: run?.status, reason: run?.reason }
}

test('a secret set or removed through node A is used by the next run on the worker', async () => {
  await createRule(env.server, env.clinic, {
    name: 'Remind by WhatsApp',
    trigger: 'visit_reminder',
    actions: [{ type: 'send_whatsapp', config: { templateName: 'visit_reminder', language: 'en_US' } }],
  })
  await setSecrets(env.clinic, { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: '1234567890' })
  assert.deepEqual(await whatsappRunOnWorker(), { status: 'ok', reason: null }, 'the worker has read and cached the secrets')

  await setSecrets(env.clinic, { whatsappToken: null })
  assert.deepEqual(await whatsappRunOnWorker(), { status: 'failed', reason: 'WhatsApp is not configured (whatsappToken, whatsappPhoneNumberId)' })

  await setSecrets(env.clinic, { whatsappToken: 'mock_sandbox' })
  assert.deepEqual(await whatsappRunOnWorker(), { status: 'ok', reason: null })
})
