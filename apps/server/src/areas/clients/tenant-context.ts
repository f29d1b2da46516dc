import type { Platform, TenantContext } from '../../platform/platform'
import { cachedClient } from './client-cache'
import { listActiveClients } from './clients.repository'
import { tenantOf } from './tenant-location'

/** The context a tenant's job runs with, or undefined when the tenant is gone or suspended. */
export async function tenantContextFor(platform: Platform, clientCode: string): Promise<TenantContext | undefined> {
  const client = (await cachedClient(platform, clientCode))?.client
  if (!client || client.status !== 'active') return undefined
  return { platform, tenant: tenantOf(platform, client) }
}

/** The context of every active tenant, by client code (for jobs that visit each tenant in turn). */
export async function activeTenantContexts(platform: Platform): Promise<TenantContext[]> {
  const clients = await listActiveClients(platform.db)
  return clients.map((client) => ({ platform, tenant: tenantOf(platform, client) }))
}
