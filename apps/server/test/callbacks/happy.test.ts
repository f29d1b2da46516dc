import assert from 'node:assert/strict'
import { test } from 'node:test'
import { verifyWebhook as verifyFromIndex } from '@ecodrix/sdk'
import { verifyWebhook } from '@ecodrix/sdk/webhooks'
import { enqueueCallback } from '../../src/areas/automation/runs/enqueue-callback.service'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { attempts, finishedEventWithCallback, seedVerdict, settledDelivery, startReceiver, tenantContext } from './callback-fixtures'

const env = useTestServer({ tenants: { clinic: 'Callback Clinic' } })

test('a finished event is posted once, signed both ways: the seed Step 4 code and the SDK accept it', async (t) => {
  const receiver = await startReceiver(t)
  const { event, enqueued } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  assert.ok(enqueued)

  const settled = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(settled.status, 'delivered')
  assert.equal(receiver.received.length, 1)
  const [callback] = receiver.received
  assert.ok(callback)
  assert.equal(seedVerdict(env.clinic.webhookSecret, callback), 200, "the seed's Step 4 verification accepts the signature")
  assert.equal(callback.rawBody, settled.body, 'the stored bytes are the bytes sent')
  assert.equal(callback.headers['content-type'], 'application/json')
  assert.equal(callback.headers['user-agent'], 'ECODrIx-Webhooks/1')
  assert.equal(callback.headers['webhook-id'], enqueued.deliveryId)
  assert.ok(Math.abs(Number(callback.headers['webhook-timestamp']) - Date.now() / 1000) < 60)

  const verified = await verifyWebhook({ rawBody: callback.rawBody, headers: callback.headers, secret: env.clinic.webhookSecret })
  assert.equal(verified.scheme, 'standard-webhooks')
  const { 'x-ecodrix-signature': signature } = callback.headers
  const legacy = await verifyFromIndex({ rawBody: callback.rawBody, headers: { 'x-ecodrix-signature': signature }, secret: env.clinic.webhookSecret })
  assert.equal(legacy.scheme, 'ecodrix-signature')

  assert.deepEqual(verified.payload, {
    id: enqueued.deliveryId,
    type: 'workflow.completed',
    trigger: 'appointment_confirmed',
    eventLogId: event.id,
    leadId: null,
    status: 'partial',
    meetLink: 'https://meet.google.com/abc-defg-hij',
    meetWarning: null,
    actions: [
      { ruleId: null, ruleName: 'Confirm', type: 'add_tag', status: 'ok', reason: null, result: { tag: 'confirmed' } },
      { ruleId: null, ruleName: 'Confirm', type: 'send_email', status: 'failed', reason: 'SMTP is not configured', result: null },
    ],
    metadata: { appointmentId: '6abc' },
    timestamp: event.completed_at?.toISOString(),
  })

  const [attempt] = await attempts(env.server, env.clinic, enqueued.deliveryId)
  assert.equal(attempt?.status, 'delivered')
  assert.equal(attempt?.status_code, 200)
  assert.equal(attempt?.error, null)
})

test('enqueueing the same event twice makes one delivery; an event without callbackUrl makes none', async (t) => {
  const receiver = await startReceiver(t)
  const { event, enqueued } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const ctx = tenantContext(env.server, env.clinic)
  assert.equal(await enqueueCallback({ ctx, input: { eventLogId: event.id } }), null)
  await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(receiver.received.length, 1)
  assert.equal((await attempts(env.server, env.clinic, enqueued?.deliveryId ?? '')).length, 1)

  const silent = await finishedEventWithCallback(env.server, env.clinic, receiver.url, { enqueue: false })
  await ctx.tenant.db.updateTable('event_logs').set({ callback_url: null }).where('id', '=', silent.event.id).execute()
  assert.equal(await enqueueCallback({ ctx, input: { eventLogId: silent.event.id } }), null)
})

test('the logs list the attempt with its delivery, newest first', async (t) => {
  const receiver = await startReceiver(t)
  const first = await finishedEventWithCallback(env.server, env.clinic, receiver.url, { trigger: 'form_submitted' })
  await settledDelivery(env.server, env.clinic, first.event.id)
  const second = await finishedEventWithCallback(env.server, env.clinic, receiver.url, { trigger: 'payment_captured' })
  await settledDelivery(env.server, env.clinic, second.event.id)

  const logs = await request(env.server, 'GET', '/api/saas/callbacks/logs?limit=2', { headers: env.clinic.headers })
  assert.equal(logs.status, 200)
  assert.equal(logs.body.success, true)
  assert.equal(logs.body.limit, 2)
  const [newest, older] = logs.body.data
  assert.equal(newest.eventLogId, second.event.id)
  assert.equal(older.eventLogId, first.event.id)
  assert.deepEqual(Object.keys(newest).sort(), [
    'attempt', 'createdAt', 'deliveryId', 'deliveryStatus', 'durationMs', 'error', 'eventLogId', 'id', 'nextAttemptAt',
    'status', 'statusCode', 'trigger', 'url',
  ])
  assert.equal(newest.deliveryId, second.enqueued?.deliveryId)
  assert.equal(newest.trigger, 'payment_captured')
  assert.equal(newest.url, receiver.url)
  assert.equal(newest.attempt, 1)
  assert.equal(newest.status, 'delivered')
  assert.equal(newest.statusCode, 200)
  assert.equal(newest.deliveryStatus, 'delivered')
  assert.equal(newest.nextAttemptAt, null)
  assert.ok(newest.durationMs >= 0)
})

test('a host name is resolved, checked and connected to at a checked address, keeping its Host header', async (t) => {
  const receiver = await startReceiver(t)
  const byName = receiver.url.replace('127.0.0.1', 'localhost')
  const { event } = await finishedEventWithCallback(env.server, env.clinic, byName)
  const settled = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(settled.status, 'delivered')
  assert.equal(receiver.received[0]?.headers.host, new URL(byName).host)
  assert.equal(seedVerdict(env.clinic.webhookSecret, receiver.received[0]!), 200)
})
