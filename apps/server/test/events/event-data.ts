import type { Insertable } from 'kysely'
import type { TenantTables } from '../../src/platform/database/tenant-tables'
import { type TestTenant, tenantDb } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'


export type SeedEvent = Partial<Insertable<TenantTables['event_logs']>> & {
  trigger: string
  status: TenantTables['event_logs']['status']
  createdAt?: string
}

/**
 * Writes event logs straight into a tenant's schema, so a test controls their statuses and
 * creation times exactly (the engine only ever writes "now"). Returns their ids, in order.
 */
export async function insertEventLogs(server: TestServer, tenant: TestTenant, events: SeedEvent[]): Promise<string[]> {
  const rows = await tenantDb(server, tenant)
    .insertInto('event_logs')
    .values(
      events.map(({ createdAt, ...event }) => ({
        source: 'api' as const,
        ...event,
        // created_at is the database's to set; only these fixtures back-date it.
        ...(createdAt ? ({ created_at: new Date(createdAt), run_at: new Date(createdAt) } as object) : {}),
      })),
    )
    .returning('id')
    .execute()
  return rows.map((row) => row.id)
}
