import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { type TestContext, test } from 'node:test'
import { verifyWebhook } from '@ecodrix/sdk/webhooks'
import { Webhook } from 'standardwebhooks'
import { adminHeaders, request } from '../helpers/http'
import type { TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { trigger } from '../workflows/workflow-data'
import { seedVerdict, startReceiver } from './callback-fixtures'

const env = useTestServer({ tenants: { fresh: 'Fresh Clinic', older: 'Older Clinic' } })

/** Fires a trigger no rule answers (it completes at once) and waits for its callback. */
async function callbackOfATrigger(t: TestContext, tenant: TestTenant) {
  const receiver = await startReceiver(t)
  const fired = await trigger(env.server, tenant, { trigger: 'form_submitted', email: 'ravi@example.com', callbackUrl: receiver.url })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  return waitFor('the callback', async () => receiver.received.find((item) => item.rawBody.includes(fired.body.data.eventLogId)))
}

test("the onboarding secret, unchanged, verifies a trigger's callback with the standardwebhooks package", async (t) => {
  const { webhookSecret } = env.fresh
  assert.match(webhookSecret, /^whsec_/)
  const callback = await callbackOfATrigger(t, env.fresh)

  const payload = new Webhook(webhookSecret).verify(callback.rawBody, callback.headers as Record<string, string>)
  assert.deepEqual(payload, JSON.parse(callback.rawBody))
  assert.equal((payload as { type: string }).type, 'workflow.completed')
  assert.equal(seedVerdict(webhookSecret, callback), 200, "the seed's Step 4 code accepts x-ecodrix-signature with the same string")
  const verified = await verifyWebhook({ rawBody: callback.rawBody, headers: callback.headers, secret: webhookSecret })
  assert.equal(verified.payload.type, 'workflow.completed')

  assert.throws(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(callback.rawBody, callback.headers as Record<string, string>))
})

test('an older hex secret signs as before: as it is for Step 4 and the SDK, whsec_ + base64(secret) for standardwebhooks', async (t) => {
  const hexSecret = randomBytes(32).toString('hex')
  const set = await request(env.server, 'POST', `/api/clients/${env.older.clientCode}/secrets`, {
    headers: adminHeaders(env.server),
    json: { automationWebhookSecret: hexSecret },
  })
  assert.equal(set.status, 200, JSON.stringify(set.body))
  const callback = await callbackOfATrigger(t, env.older)

  assert.equal(seedVerdict(hexSecret, callback), 200)
  const handMade = `whsec_${Buffer.from(hexSecret, 'utf8').toString('base64')}`
  assert.deepEqual(new Webhook(handMade).verify(callback.rawBody, callback.headers as Record<string, string>), JSON.parse(callback.rawBody))
  for (const secret of [hexSecret, handMade]) {
    assert.equal((await verifyWebhook({ rawBody: callback.rawBody, headers: callback.headers, secret })).scheme, 'standard-webhooks')
    const legacy = { 'x-ecodrix-signature': callback.headers['x-ecodrix-signature'] }
    assert.equal((await verifyWebhook({ rawBody: callback.rawBody, headers: legacy, secret })).scheme, 'ecodrix-signature')
  }
})

test('a whsec_ secret a tenant sets itself verifies with the standardwebhooks package', async (t) => {
  const whsecSecret = `whsec_${randomBytes(24).toString('base64')}`
  const set = await request(env.server, 'POST', `/api/clients/${env.older.clientCode}/secrets`, {
    headers: adminHeaders(env.server),
    json: { automationWebhookSecret: whsecSecret },
  })
  assert.equal(set.status, 200, JSON.stringify(set.body))
  const callback = await callbackOfATrigger(t, env.older)
  assert.deepEqual(new Webhook(whsecSecret).verify(callback.rawBody, callback.headers as Record<string, string>), JSON.parse(callback.rawBody))
})
