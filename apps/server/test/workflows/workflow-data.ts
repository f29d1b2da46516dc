import { adminHeaders, request } from '../helpers/http'
import { type TestTenant, tenantDb } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'

export function eventLog(server: TestServer, tenant: TestTenant, id: string) {
  return tenantDb(server, tenant).selectFrom('event_logs').selectAll().where('id', '=', id).executeTakeFirst()
}

export function actionRuns(server: TestServer, tenant: TestTenant, eventLogId: string) {
  return tenantDb(server, tenant).selectFrom('action_runs').selectAll().where('event_log_id', '=', eventLogId).orderBy('position').execute()
}

const FINISHED = ['completed', 'partial', 'failed']

/** The event log once it has finished, with its runs. */
export async function finishedEvent(server: TestServer, tenant: TestTenant, id: string) {
  const event = await waitFor(`event ${id} to finish`, async () => {
    const row = await eventLog(server, tenant, id)
    return row && FINISHED.includes(row.status) && row
  })
  return { ...event, runs: await actionRuns(server, tenant, id) }
}

export async function lead(server: TestServer, tenant: TestTenant, id: string) {
  return tenantDb(server, tenant).selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

let sandboxNumbers = 0

/** The `mock_` sandbox token: WhatsApp sends succeed without network. Each tenant its own number (a number is one tenant's). */
export async function useSandboxWhatsapp(server: TestServer, tenant: TestTenant) {
  const set = await request(server, 'POST', `/api/clients/${tenant.clientCode}/secrets`, {
    headers: adminHeaders(server),
    json: { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: String(1_234_567_890 + sandboxNumbers++) },
  })
  if (set.status !== 200) throw new Error(`setting secrets failed: ${set.status} ${JSON.stringify(set.body)}`)
}

export const trigger = (server: TestServer, tenant: TestTenant, json: unknown, path = '/api/saas/workflows/trigger') =>
  request(server, 'POST', path, { headers: tenant.headers, json })

/** Moves a waiting job's time to now through the scheduler (as if its delay had passed); workers are notified. */
export function bringJobForward(server: TestServer, jobId: string): Promise<void> {
  return server.platform.jobs.bringForward(jobId)
}

/** Waits until the tenant's automation is at rest: every CRM event consumed, every event finished. */
export async function settled(server: TestServer, tenant: TestTenant): Promise<void> {
  const db = tenantDb(server, tenant)
  await waitFor('automation to settle', async () => {
    const unconsumed = await db.selectFrom('crm_events').select('id').where('consumed_at', 'is', null).limit(1).execute()
    const open = await db.selectFrom('event_logs').select('id').where('status', 'in', ['scheduled', 'processing']).limit(1).execute()
    return unconsumed.length === 0 && open.length === 0
  })
}

/** The lead's tags once they include all of `expected`. */
export function tagsOnceIncluding(server: TestServer, tenant: TestTenant, leadId: string, expected: string[]) {
  return waitFor(`lead ${leadId} to get ${expected.join(', ')}`, async () => {
    const { tags } = await lead(server, tenant, leadId)
    return expected.every((tag) => tags.includes(tag)) && tags
  })
}
