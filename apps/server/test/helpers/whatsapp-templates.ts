import type { Insertable } from 'kysely'
import { tenantScope } from '../../src/platform/cache/node-cache'
import type { TenantTables } from '../../src/platform/database/tenant-tables'
import { type TestTenant, tenantDb } from './tenants'
import type { TestServer } from './test-server'

/**
 * Inserts a WhatsApp template as a sync would (without simulating Graph's listing) and, as every
 * writer of the table must, drops the tenant's cached values on every node.
 */
export async function insertWhatsappTemplate(server: TestServer, tenant: Pick<TestTenant, 'clientCode'>, template: Insertable<TenantTables['whatsapp_templates']>) {
  await tenantDb(server, tenant).insertInto('whatsapp_templates').values(template).execute()
  await server.platform.cache.invalidate(server.platform.db, [tenantScope(tenant.clientCode)])
}
