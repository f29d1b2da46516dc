import crypto from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestContext } from 'node:test'
import { enqueueCallback } from '../../src/areas/callbacks/enqueue-callback.service'
import type { TenantContext } from '../../src/platform/platform'
import type { TestTenant } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'
import { tenantDb, waitFor } from '../workflows/workflow-data'

export { waitFor }

export interface Received {
  headers: IncomingHttpHeaders
  rawBody: string
  /** What the seed's Step 4 handler answered: 401 for a bad signature. */
  seedVerdict: number
}

/**
 * The seed's Step 4 check, verbatim (API reference, "Handle callbacks on your server"), run on
 * every request the receiver gets. `timingSafeEqual` throws on a length mismatch; that is a 401 too.
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

/** How the receiver answers its nth request (from 1). */
export type Behaviour = (response: ServerResponse, nth: number) => void

export const answer = (status: number, headers: Record<string, string> = {}) => (response: ServerResponse) =>
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{"received":true}')

/** A real local HTTP server standing in for the client's callback endpoint; closed when the test ends. */
export async function startReceiver(t: TestContext, secret: string, behave: Behaviour = answer(200)) {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      received.push({ headers: req.headers, rawBody, seedVerdict: seedStep4(secret, rawBody, req.headers) })
      behave(res, received.length)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/api/ecodrix-callback`, received }
}

export const tenantContext = (server: TestServer, tenant: TestTenant): TenantContext => ({
  platform: server.platform,
  tenant: { clientCode: tenant.clientCode, db: tenantDb(server, tenant) },
})

/**
 * A finished event log with two action runs, written straight into the tenant's tables (the
 * engine's own path is tested in test/workflows), then its callback enqueued as the engine does.
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
