// Overload: thousands of lead-creating triggers accepted while no worker runs, then drained by two
// workers whose pools are far smaller than the backlog. Every accepted event must end final, none
// left processing, and no action run twice.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Writable } from 'node:stream'
import pino from 'pino'
import { startServer } from '../../src/server'
import { createRule } from '../automations/rule-data'
import { createTenant, tenantDb, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { trigger, useSandboxWhatsapp } from './workflow-data'

const TENANTS = 4
const TRIGGERS_PER_TENANT = 500
const env = useTestServer({ config: { role: 'api', triggerRateLimit: 100_000 } })

/** What the API answered instead of accepting, for the assertion's message. */
const refusals: string[] = []

async function sendTriggers(tenant: TestTenant, offset: number): Promise<number> {
  let accepted = 0
  for (let batch = 0; batch < TRIGGERS_PER_TENANT; batch += 25) {
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        trigger(env.server, tenant, {
          trigger: 'signup',
          phone: `+9190${String(offset + batch + index).padStart(8, '0')}`,
          createLeadIfMissing: true,
          leadData: { firstName: 'Load' },
        }),
      ),
    )
    const taken = answers.filter((answer) => answer.status === 200 || answer.status === 202)
    accepted += taken.length
    refusals.push(...answers.filter((answer) => !taken.includes(answer)).map((answer) => `${answer.status} ${answer.body?.code}: ${answer.body?.message}`))
  }
  return accepted
}

test('a backlog of 2,000 lead-creating triggers drained by two workers with 4-connection pools: every event final, each action run once', { timeout: 600_000 }, async () => {
  const tenants: TestTenant[] = []
  for (let index = 0; index < TENANTS; index += 1) {
    const tenant = await createTenant(env.server, `Load Clinic ${index}`)
    await useSandboxWhatsapp(env.server, tenant)
    await createRule(env.server, tenant, {
      name: 'Welcome',
      trigger: 'signup',
      actions: [
        { type: 'add_tag', config: { tag: 'welcomed' } },
        { type: 'send_whatsapp', config: { templateName: 'welcome', language: 'en' } },
      ],
    })
    tenants.push(tenant)
  }
  const accepted = await Promise.all(tenants.map((tenant, index) => sendTriggers(tenant, index * TRIGGERS_PER_TENANT)))
  assert.deepEqual(accepted, tenants.map(() => TRIGGERS_PER_TENANT), `the API accepts every trigger; refused: ${[...new Set(refusals)].slice(0, 5).join(' | ')}`)

  const errors: string[] = []
  const log = new Writable({
    write(chunk, _encoding, done) {
      errors.push(String(chunk))
      done()
    },
  })
  const workers = await Promise.all(
    [1, 2].map(() => startServer({ ...env.server.config, role: 'worker', dbPoolMax: 4 }, { logger: pino({ level: 'error' }, log) })),
  )
  try {
    const open = async () => {
      let count = 0
      for (const tenant of tenants) {
        const row = await tenantDb(env.server, tenant)
          .selectFrom('event_logs')
          .select((eb) => eb.fn.countAll<number>().as('open'))
          .where('status', 'in', ['scheduled', 'processing'])
          .executeTakeFirstOrThrow()
        count += row.open
      }
      return count
    }
    await waitFor('every event to reach a final status', async () => (await open()) === 0, 240_000)
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()))
  }

  for (const tenant of tenants) {
    const db = tenantDb(env.server, tenant)
    const events = await db.selectFrom('event_logs').select(['status']).where('trigger', '=', 'signup').execute()
    assert.equal(events.length, TRIGGERS_PER_TENANT)
    assert.ok(events.every((event) => event.status === 'completed'), 'every trigger completed')
    const runs = await db.selectFrom('action_runs').select(['status', 'attempts']).execute()
    assert.equal(runs.length, 2 * TRIGGERS_PER_TENANT)
    assert.ok(runs.every((run) => run.status === 'ok' && run.attempts === 1), 'each action ran once, and succeeded')
    const leads = await db.selectFrom('leads').select(['tags']).execute()
    assert.equal(leads.length, TRIGGERS_PER_TENANT)
    assert.ok(leads.every((lead) => lead.tags.includes('welcomed')))
  }
  assert.deepEqual(errors, [], 'no error logged (pool timeouts, failed saves)')
})
