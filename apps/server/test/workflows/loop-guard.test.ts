import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, test } from 'node:test'
import pino from 'pino'
import { DEPTH_LIMIT_REACHED } from '../../src/areas/automation/runs/consume-outbox'
import { createRule } from '../automations/rule-data'
import { createTenant, type TestTenant, tenantDb } from '../helpers/tenants'
import { startTestServer, type TestServer } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'
import { settled, trigger } from './workflow-data'

const MAX_DEPTH = 3
const warnings: Record<string, unknown>[] = []
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) warnings.push(JSON.parse(line))
    done()
  },
})

// Its own server, not useTestServer: the test reads the warnings the server logs.
let server: TestServer
let tenant: TestTenant
before(async () => {
  server = await startTestServer({ automationMaxDepth: MAX_DEPTH }, { logger: pino({ level: 'warn' }, logStream) })
  tenant = await createTenant(server, 'Loop Clinic')
})
after(() => server.stop())

test('a rule whose actions re-fire its own trigger stops at the depth limit, and says so', async () => {
  // Every tag_added of "loop" removes and re-adds it: a new tag_added, one level deeper, forever.
  await createRule(server, tenant, {
    name: 'Echo',
    trigger: 'tag_added',
    triggerConfig: { tag: 'loop' },
    actions: [
      { type: 'remove_tag', config: { tag: 'loop' } },
      { type: 'add_tag', config: { tag: 'loop' } },
    ],
  })
  await createRule(server, tenant, { name: 'Start', trigger: 'loop_started', actions: [{ type: 'add_tag', config: { tag: 'loop' } }] })
  const answer = await trigger(server, tenant, { trigger: 'loop_started', phone: '919812345678', createLeadIfMissing: true })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const { leadId } = answer.body.data

  const db = tenantDb(server, tenant)
  const refused = await waitFor('the chain to hit the limit', () =>
    db.selectFrom('event_logs').selectAll().where('lead_id', '=', leadId).where('error', '=', DEPTH_LIMIT_REACHED).executeTakeFirst(),
  )
  await settled(server, tenant)

  assert.equal(refused.status, 'failed')
  assert.equal(refused.depth, MAX_DEPTH + 1)
  assert.equal(refused.rules_matched, 0)
  const echoes = await db.selectFrom('event_logs').select(['depth', 'status', 'rules_matched']).where('lead_id', '=', leadId).where('trigger', '=', 'tag_added').orderBy('depth').execute()
  assert.deepEqual(
    echoes.map((event) => [event.depth, event.status, event.rules_matched]),
    [
      [1, 'completed', 1],
      [2, 'completed', 1],
      [3, 'completed', 1],
      [4, 'failed', 0],
    ],
    'one echo per level up to the limit, the next one refused',
  )
  const deepest = await db.selectFrom('crm_events').select((eb) => eb.fn.max('depth').as('depth')).where('lead_id', '=', leadId).executeTakeFirstOrThrow()
  assert.equal(deepest.depth, MAX_DEPTH + 1, 'nothing ran past the refused level')
  assert.ok(
    warnings.some((entry) => entry.level === 40 && entry.depth === MAX_DEPTH + 1 && String(entry.msg).includes('depth limit')),
    'the refusal is logged as a warning',
  )
})
