import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { http, HttpResponse } from 'msw'
import { keepEarlyStatus, lockWamids } from '../../src/areas/inbox/messages/early-statuses.repository'
import { EARLY_STATUS_KEPT_MS, sweepOutboundQueueJob } from '../../src/areas/inbox/sending/sweep-outbound-queue.job'
import { adminHeaders, request } from '../helpers/http'
import { deliverToWebhook, messagesDelivery, metaTimestamp, newWamid } from '../helpers/meta-webhook'
import { simulateThirdParties } from '../helpers/network-edge'
import { openSocket, type TestSocket } from '../helpers/realtime-socket'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'
import { settledDelivery } from './webhook-data'

const GRAPH = 'https://graph.facebook.com/v21.0'
const CLINIC_NUMBER = '109876543210995'
const APP_SECRET = 'early-statuses-app-secret'

/** A send Graph holds until released: the wamid it will answer with, known before it answers. */
interface HeldSend {
  wamid: string
  /** Resolves once the send reached Graph (the message is in flight, its wamid not stored). */
  reached: Promise<void>
  release: () => void
}
const holds = new Map<string, { wamid: string; reached: () => void; released: Promise<void> }>()

function holdGraphAnswerTo(digits: string): HeldSend {
  const wamid = newWamid()
  let reached!: () => void
  let release!: () => void
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve))
  holds.set(digits, { wamid, reached, released: new Promise<void>((resolve) => (release = resolve)) })
  return { wamid, reached: reachedPromise, release }
}

const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    const body = (await req.json()) as { to: string }
    const hold = holds.get(body.to)
    if (!hold) return HttpResponse.json({ error: { message: 'unexpected send in this test', type: 'OAuthException', code: 100 } }, { status: 400 })
    hold.reached()
    await hold.released
    return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: hold.wamid }] })
  }),
)

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'WA Early Statuses Clinic' },
  seed: async () => {
    const secrets = { whatsappToken: 'EAAG-live-token', whatsappPhoneNumberId: CLINIC_NUMBER, whatsappAppSecret: APP_SECRET }
    const set = await request(env.server, 'POST', `/api/clients/${env.clinic.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })
    assert.equal(set.status, 200, JSON.stringify(set.body))
    await insertWhatsappTemplate(env.server, env.clinic, { name: 'appointment_confirmed', language: 'en_US', status: 'APPROVED' })
  },
})
after(() => graph.close())

let contacts = 0
const newContact = () => `9197${String(10_000_000 + ++contacts)}`

/** A whole second some seconds ago, as Meta's Unix-seconds timestamps name it. */
const secondsAgo = (seconds: number) => new Date((Math.floor(Date.now() / 1000) - seconds) * 1000)

interface MetaStatus {
  wamid: string
  status: string
  at: Date
  errors?: unknown[]
}

/** Posts Meta's status webhook for these statuses, signed, and waits until it is applied. */
async function deliverStatuses(to: string, statuses: MetaStatus[]) {
  const delivery = messagesDelivery(CLINIC_NUMBER, {
    statuses: statuses.map(({ wamid, status, at, errors }) => ({ id: wamid, status, timestamp: metaTimestamp(at), recipient_id: to, ...(errors ? { errors } : {}) })),
  })
  const answer = await deliverToWebhook(env.server, APP_SECRET, delivery)
  assert.equal((await settledDelivery(env.server, answer.body.data.deliveryId)).status, 'processed')
}

/** Queues a template to the contact; Graph holds its answer until released. */
async function sendHeld(digits: string) {
  const held = holdGraphAnswerTo(digits)
  const answer = await request(env.server, 'POST', '/api/saas/chat/send', {
    headers: env.clinic.headers,
    json: { to: `+${digits}`, templateName: 'appointment_confirmed', templateLanguage: 'en_US' },
  })
  assert.equal(answer.status, 201, JSON.stringify(answer.body))
  await held.reached
  return { held, message: answer.body.data as { id: string; conversationId: string } }
}

async function messageNow(message: { id: string; conversationId: string }) {
  const page = await request(env.server, 'GET', `/api/saas/chat/conversations/${message.conversationId}/messages?limit=100`, { headers: env.clinic.headers })
  assert.equal(page.status, 200, JSON.stringify(page.body))
  return (page.body.data as any[]).find((each) => each.id === message.id)
}

const keptStatuses = (wamid: string) =>
  tenantDb(env.server, env.clinic).selectFrom('early_message_statuses').select(['status', 'at']).where('wamid', '=', wamid).orderBy('status').execute()

test('delivered and read arriving before the send stores its wamid are applied when it does, with Meta’s times', async () => {
  const socket = (await openSocket(env.server, { headers: env.clinic.headers })) as TestSocket
  try {
    const to = newContact()
    const { held, message } = await sendHeld(to)
    const deliveredAt = secondsAgo(3)
    const readAt = secondsAgo(1)
    await deliverStatuses(to, [
      { wamid: held.wamid, status: 'delivered', at: deliveredAt },
      { wamid: held.wamid, status: 'read', at: readAt },
    ])
    const before = await messageNow(message)
    assert.deepEqual([before.status, before.wamid], ['queued', null], 'the statuses came while the send was in flight')

    held.release()
    const frame = await socket.frame('the read message', (f) => f.type === 'message:status' && f.data.id === message.id && f.data.status === 'read')
    assert.equal(frame.data.wamid, held.wamid)
    const read = await messageNow(message)
    assert.deepEqual(
      { status: read.status, wamid: read.wamid, deliveredAt: read.deliveredAt, readAt: read.readAt, error: read.error },
      { status: 'read', wamid: held.wamid, deliveredAt: deliveredAt.toISOString(), readAt: readAt.toISOString(), error: null },
    )
    assert.ok(read.sentAt)
    assert.deepEqual(await keptStatuses(held.wamid), [], 'applied statuses are not kept')
  } finally {
    socket.ws.close()
  }
})

test('a failed 131026 arriving before the wamid is stored fails the message with Meta’s code and title', async () => {
  const to = newContact()
  const { held, message } = await sendHeld(to)
  const failedAt = secondsAgo(2)
  const errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }]
  await deliverStatuses(to, [{ wamid: held.wamid, status: 'failed', at: failedAt, errors }])
  assert.equal((await messageNow(message)).status, 'queued')

  held.release()
  const failed = await waitFor('the message failed', async () => {
    const now = await messageNow(message)
    return now.status === 'failed' && now
  })
  assert.deepEqual(
    { wamid: failed.wamid, error: failed.error, failedAt: failed.failedAt, readAt: failed.readAt },
    { wamid: held.wamid, error: { code: 131026, title: 'Message undeliverable' }, failedAt: failedAt.toISOString(), readAt: null },
  )
})

test('a redelivered early status is kept and applied once; once the wamid is stored, nothing is kept for it', async () => {
  const to = newContact()
  const { held, message } = await sendHeld(to)
  const deliveredAt = secondsAgo(2)
  const delivered = { wamid: held.wamid, status: 'delivered', at: deliveredAt }
  await deliverStatuses(to, [delivered])
  await deliverStatuses(to, [delivered])
  assert.deepEqual(await keptStatuses(held.wamid), [{ status: 'delivered', at: deliveredAt }])

  held.release()
  const applied = await waitFor('the message delivered', async () => {
    const now = await messageNow(message)
    return now.status === 'delivered' && now
  })
  assert.equal(applied.deliveredAt, deliveredAt.toISOString())
  assert.deepEqual(await keptStatuses(held.wamid), [])

  await deliverStatuses(to, [delivered, { wamid: held.wamid, status: 'sent', at: secondsAgo(4) }])
  assert.deepEqual(await messageNow(message), applied, 'a late status of a stored message changes nothing')
  assert.deepEqual(await keptStatuses(held.wamid), [], 'nor is it kept')
})

test('a send storing its wamid waits for a status being kept for it at that moment, then applies it', async () => {
  const to = newContact()
  const { held, message } = await sendHeld(to)
  const readAt = secondsAgo(1)
  const db = tenantDb(env.server, env.clinic)
  // What a status webhook does between missing the wamid and committing the status it keeps.
  await db.transaction().execute(async (trx) => {
    await lockWamids(trx, [held.wamid])
    held.release()
    await waitFor('the send outcome to wait for the wamid', async () => {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted
          and database = (select oid from pg_database where datname = current_database())`.execute(db)
      return rows[0]!.waiting > 0
    })
    await keepEarlyStatus(trx, { wamid: held.wamid, status: 'read', at: readAt })
  })
  const read = await waitFor('the message read', async () => {
    const now = await messageNow(message)
    return now.status === 'read' && now
  })
  assert.deepEqual([read.wamid, read.readAt], [held.wamid, readAt.toISOString()])
})

test('a status for a wamid that never shows up is kept for a day, then deleted by the sweep', async () => {
  const to = newContact()
  const stale = newWamid()
  const fresh = newWamid()
  await deliverStatuses(to, [
    { wamid: stale, status: 'read', at: secondsAgo(5) },
    { wamid: fresh, status: 'delivered', at: secondsAgo(5) },
  ])
  assert.equal((await keptStatuses(stale)).length, 1)
  const db = tenantDb(env.server, env.clinic)
  await db
    .updateTable('early_message_statuses')
    .set({ received_at: new Date(Date.now() - EARLY_STATUS_KEPT_MS - 60_000) })
    .where('wamid', '=', stale)
    .execute()

  await sweepOutboundQueueJob.run(env.server.platform, {})
  assert.deepEqual(await keptStatuses(stale), [])
  assert.equal((await keptStatuses(fresh)).length, 1, 'a status kept for less than a day stays')
})
