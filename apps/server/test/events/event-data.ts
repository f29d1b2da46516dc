import type { EventStatus } from '../../src/platform/database/tenant-tables'
import { request } from '../helpers/http'
import { type TestTenant, tenantDb } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'

export interface SeedEvent {
  trigger: string
  status: EventStatus
  /** Sent with the trigger; the engine finds the tenant's lead with this phone. */
  phone?: string
  createdAt?: string
}

/**
 * Fires each event through POST /api/saas/workflows/trigger (the tenant has no rules, so an event
 * is completed at once, or scheduled when delayed), then sets only what the engine cannot be made
 * to write here: a creation time in the past, and a status reached through failing actions or a
 * crash (partial, failed, processing). Returns their ids, in order.
 */
export async function triggerEvents(server: TestServer, tenant: TestTenant, events: SeedEvent[]): Promise<string[]> {
  const ids: string[] = []
  for (const event of events) {
    const fired = await request(server, 'POST', '/api/saas/workflows/trigger', {
      headers: tenant.headers,
      json: {
        trigger: event.trigger,
        ...(event.phone ? { phone: event.phone } : {}),
        ...(event.status === 'scheduled' ? { delayMinutes: 24 * 60 } : {}),
      },
    })
    if (fired.status !== 200) throw new Error(`triggering ${event.trigger} failed: ${fired.status} ${JSON.stringify(fired.body)}`)
    const id: string = fired.body.data.eventLogId
    const natural: EventStatus = event.status === 'scheduled' ? 'scheduled' : 'completed'
    // created_at is the database's "now" and the statuses come from runs; the reports count both.
    const adjust = {
      ...(event.createdAt ? { created_at: new Date(event.createdAt), run_at: new Date(event.createdAt) } : {}),
      ...(event.status === natural ? {} : { status: event.status }),
      ...(event.status === 'processing' ? { completed_at: null } : {}),
    }
    if (Object.keys(adjust).length > 0) {
      await tenantDb(server, tenant).updateTable('event_logs').set(adjust as never).where('id', '=', id).execute()
    }
    ids.push(id)
  }
  return ids
}
