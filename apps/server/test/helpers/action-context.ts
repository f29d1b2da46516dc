import { randomUUID } from 'node:crypto'
import type { ActionEvent } from '../../src/areas/automation/actions/action-executor'
import type { LeadRow } from '../../src/areas/crm'
import type { TenantContext } from '../../src/platform/platform'
import { snapshotControlTables, snapshotTables } from './db-snapshot'
import { request } from './http'
import { type TestTenant, tenantDb } from './tenants'
import type { TestServer } from './test-server'

/** What the engine hands an action: the running server's platform and the tenant's database. */
export function actionContext(server: TestServer, tenant: TestTenant, depth = 0): TenantContext {
  return {
    platform: server.platform,
    tenant: { clientCode: tenant.clientCode, db: tenantDb(server, tenant), sharesJobQueueDatabase: true, defaultCountry: 'IN' },
    cause: { eventLogId: randomUUID(), depth },
  }
}

export function actionEvent(overrides: Partial<ActionEvent> = {}): ActionEvent {
  return { eventLogId: randomUUID(), trigger: 'appointment_confirmed', depth: 0, phone: null, email: null, variables: {}, data: {}, ...overrides }
}

export function leadRow(server: TestServer, tenant: TestTenant, leadId: string): Promise<LeadRow> {
  return tenantDb(server, tenant).selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow()
}

/** A lead created through the API, as the engine would read it. */
export async function createLeadRow(server: TestServer, tenant: TestTenant, lead: Record<string, unknown>): Promise<LeadRow> {
  const created = await request(server, 'POST', '/api/crm/leads', { headers: tenant.headers, json: lead })
  if (created.status !== 201) throw new Error(`creating a lead failed: ${created.status} ${JSON.stringify(created.body)}`)
  return leadRow(server, tenant, created.body.data.id)
}

const WRITABLE_TABLES = ['leads', 'activities', 'stage_stays', 'whatsapp_templates', 'conversations', 'messages'] as const

/**
 * A digest of every table an action could write, to prove one wrote nothing. Only the number of
 * crm_events is compared: the system-trigger consumer marks rows consumed (and writes event logs)
 * in the background.
 */
export async function snapshotTenantWrites(server: TestServer, clientCode: string) {
  const crmEvents = await tenantDb(server, { clientCode })
    .selectFrom('crm_events')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  return {
    ...(await snapshotTables(server, WRITABLE_TABLES.map((table) => `tenant_${clientCode}.${table}`))),
    ...(await snapshotControlTables(server)),
    crmEvents: crmEvents.count,
  }
}
