import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEcodrix, type EcodrixTenantClient } from '@ecodrix/sdk'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { clinic: 'SDK Auto-replies' } })

const sdk = (): EcodrixTenantClient =>
  createEcodrix({ baseUrl: env.server.url, apiKey: env.clinic.apiKey, clientCode: env.clinic.clientCode, retryBaseDelayMs: 1 })

test('auto-replies are saved, read and tried through the SDK, typed; a refused pattern throws its code and field', async () => {
  const erix = sdk()
  assert.deepEqual(await erix.GET('/api/saas/chat/auto-replies'), { flows: [], fallback: null, updatedAt: null })

  const flows = [{ id: 'hours', match: { contains: ['open', 'timings'] }, reply: { text: 'We are open 9 to 6, Monday to Saturday.' } }]
  const saved = await erix.PUT('/api/saas/chat/auto-replies', { body: { flows, fallback: { text: 'A colleague will answer soon.' } } })
  assert.deepEqual(saved.flows, flows)
  assert.equal(typeof saved.updatedAt, 'string')
  assert.deepEqual(await erix.GET('/api/saas/chat/auto-replies'), saved)

  const tried = await erix.POST('/api/saas/chat/auto-replies/test', { body: { text: 'Are you OPEN on Sunday?' } })
  assert.deepEqual(tried, { answeredBy: 'flow', flowId: 'hours', reply: flows[0]!.reply, normalizedText: 'are you open on sunday?' })
  assert.equal((await erix.POST('/api/saas/chat/auto-replies/test', { body: { text: 'Thanks' } })).answeredBy, 'fallback')

  await assert.rejects(erix.PUT('/api/saas/chat/auto-replies', { body: { flows: [{ id: 'echo', match: { regex: String.raw`(\w+) \1` }, reply: { text: 'x' } }] } }), (error: any) => {
    assert.equal(error.status, 400)
    assert.equal(error.code, 'VALIDATION_ERROR')
    assert.deepEqual(error.details.map((detail: { path: string }) => detail.path), ['body.flows.0.match.regex'])
    return true
  })
  assert.deepEqual(await erix.GET('/api/saas/chat/auto-replies'), saved)
})
