import crypto from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { TestContext } from 'node:test'
import { enqueueCallback } from '../../src/areas/automation/runs/enqueue-callback.service'
import type { TenantContext } from '../../src/platform/platform'
import { type Behaviour, type ReceivedCallback, startCallbackReceiver } from '../helpers/callback-receiver'
import { type TestTenant, tenantDb } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'

/**
 * The seed's Step 4 check, verbatim (API reference, "Handle callbacks on your server").
 * `timingSafeEqual` throws on a length mismatch; that is a 401 too.
 */
function seedStep4(SECRET: string, rawBody: string, headers: IncomingHttpHeaders): number {
  const sig = (headers['x-ecodrix-signature'] as string | undefined) ?? ''
  // Verify signature
  const expected =
    "sha256=" +
    crypto.createHmac("sha256", SECRET).update(rawBody).digest("hex");
  try {
    if (!crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) return 401
  } catch {
    return 401
  }
  return 200
}

/** What the seed's Step 4 handler answers `callback` with: 401 for a bad signature. */
export const seedVerdict = (secret: string, callback: ReceivedCallback) => seedStep4(secret, callback.rawBody, callback.headers)

/** A callback receiver closed when the test ends. */
export async function startReceiver(t: TestContext, behave?: Behaviour) {
  const receiver = await startCallbackReceiver(behave)
  t.after(receiver.close)
  return receiver
}

export const tenantContext = (server: TestServer, tenant: TestTenant): TenantContext => ({
  platform: server.platform,
  tenant: { clientCode: tenant.clientCode, db: tenantDb(server, tenant), sharesJobQueueDatabase: true, defaultCountry: 'IN' },
})

/**
 * A finished event log with two action runs, written straight into the tenant's tables (the
 * engine's own path is tested in test/workflows), then its callback enqueued as the engine does.
 * Kept as inserts: the trigger API would need a Google connection for the meet link and always
 * enqueues the callback itself, while these tests enqueue it (or not) and check that enqueueing is idempotent.
 */
export async function finishedEventWithCallback(
  server: TestServer,
  tenant: TestTenant,
  callbackUrl: string,
  options: { trigger?: string; enqueue?: boolean } = {},
) {
  const db = tenantDb(server, tenant)
  const event = await db
    .insertInto('event_logs')
    .values({
      trigger: options.trigger ?? 'appointment_confirmed',
      source: 'api',
      status: 'partial',
      phone: '919876543210',
      meet_link: 'https://meet.google.com/abc-defg-hij',
      callback_url: callbackUrl,
      callback_metadata: JSON.stringify({ appointmentId: '6abc' }),
      completed_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await db
    .insertInto('action_runs')
    .values([
      { event_log_id: event.id, rule_name: 'Confirm', position: 0, type: 'add_tag', status: 'ok', result: JSON.stringify({ tag: 'confirmed' }) },
      { event_log_id: event.id, rule_name: 'Confirm', position: 1, type: 'send_email', status: 'failed', reason: 'SMTP is not configured' },
    ])
    .execute()
  const enqueued = options.enqueue === false ? null : await enqueueCallback({ ctx: tenantContext(server, tenant), input: { eventLogId: event.id } })
  return { event, enqueued }
}

export function delivery(server: TestServer, tenant: TestTenant, eventLogId: string) {
  return tenantDb(server, tenant).selectFrom('callback_deliveries').selectAll().where('event_log_id', '=', eventLogId).executeTakeFirst()
}

export function attempts(server: TestServer, tenant: TestTenant, deliveryId: string) {
  return tenantDb(server, tenant).selectFrom('callback_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute()
}

/**
 * The delivery once it is delivered or failed. Generous: Agenda 6 sometimes runs a job scheduled a
 * moment ahead only at its next 30-second scan (its timer fires a millisecond early and is not
 * set again), which can delay each retry.
 */
export const settledDelivery = (server: TestServer, tenant: TestTenant, eventLogId: string) =>
  waitFor(
    `the callback of ${eventLogId} to settle`,
    async () => {
      const row = await delivery(server, tenant, eventLogId)
      return row && row.status !== 'pending' && row
    },
    100_000,
  )
