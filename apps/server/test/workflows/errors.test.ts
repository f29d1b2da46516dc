import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRule, snapshotEverything } from '../automations/rule-data'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { trigger } from './workflow-data'

const env = useTestServer({
  tenants: { tenant: 'Strict Clinic' },
  seed: async () => {
    await createRule(env.server, env.tenant, { name: 'Tag', trigger: 'form_submitted', actions: [{ type: 'add_tag', config: { tag: 'x' } }] })
  },
})

const refused: [string, Record<string, unknown>, string, string][] = [
  ['an unknown field', { trigger: 'form_submitted', email: 'a@example.com', surprise: true }, 'VALIDATION_ERROR', 'body'],
  ['an unknown leadData field', { trigger: 'form_submitted', leadData: { firstName: 'A', age: 3 } }, 'VALIDATION_ERROR', 'body.leadData'],
  ['a negative delayMinutes', { trigger: 'form_submitted', delayMinutes: -1 }, 'VALIDATION_ERROR', 'body.delayMinutes'],
  ['delayMinutes over 30 days', { trigger: 'form_submitted', delayMinutes: 43_201 }, 'VALIDATION_ERROR', 'body.delayMinutes'],
  ['a fractional delayMinutes', { trigger: 'form_submitted', delayMinutes: 1.5 }, 'VALIDATION_ERROR', 'body.delayMinutes'],
  ['a callbackUrl that is no URL', { trigger: 'form_submitted', callbackUrl: 'not a url' }, 'VALIDATION_ERROR', 'body.callbackUrl'],
  ['a non-http callbackUrl', { trigger: 'form_submitted', callbackUrl: 'ftp://example.com/x' }, 'VALIDATION_ERROR', 'body.callbackUrl'],
  ['a trigger name with spaces', { trigger: 'Form Submitted' }, 'VALIDATION_ERROR', 'body.trigger'],
  ['no trigger', { email: 'a@example.com' }, 'VALIDATION_ERROR', 'body.trigger'],
  ['a meetConfig without startTime', { trigger: 'form_submitted', requiresMeet: true, meetConfig: { title: 'x' } }, 'VALIDATION_ERROR', 'body.meetConfig'],
  ['a phone that is no phone number', { trigger: 'form_submitted', phone: 'call me maybe' }, 'VALIDATION_ERROR', 'body.phone'],
  ['createLeadIfMissing with neither phone nor email', { trigger: 'form_submitted', createLeadIfMissing: true }, 'VALIDATION_ERROR', 'body.phone'],
]

for (const [what, payload, code, path] of refused) {
  test(`${what} → 400 ${code}, nothing written, on both trigger routes`, async () => {
    for (const route of ['/api/saas/workflows/trigger', '/api/crm/automations/events']) {
      const before = await snapshotEverything(env.server, [env.tenant])
      const answer = await trigger(env.server, env.tenant, payload, route)
      expectRefused(answer, 400, code)
      assert.ok(
        answer.body.details?.some((detail: { path: string }) => detail.path.startsWith(path)),
        `a detail names ${path}: ${JSON.stringify(answer.body.details)}`,
      )
      const afterwards = await snapshotEverything(env.server, [env.tenant])
      // The rate limit counts every attempt, refused ones too: that window is the only row allowed to move.
      const { rate_limit_windows: _counted, ...tables } = afterwards.tables
      for (const [table, digest] of Object.entries(tables)) assert.equal(digest, before.tables[table], `${table} changed`)
      assert.deepEqual(afterwards.jobIds, before.jobIds, 'no job was queued')
    }
  })
}

test('malformed JSON → 400 INVALID_JSON', async () => {
  const answer = await request(env.server, 'POST', '/api/saas/workflows/trigger', {
    headers: { ...env.tenant.headers, 'content-type': 'application/json' },
    raw: '{"trigger":',
  })
  expectRefused(answer, 400, 'INVALID_JSON')
})
