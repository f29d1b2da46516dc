import type { Platform, TenantContext } from '../../platform/platform'
import { findClient } from '../clients/clients.repository'
import { tenantOf } from '../clients/tenant-location'

/** The context a tenant's job runs with, or undefined when the tenant is gone or suspended. */
export async function tenantContextFor(platform: Platform, clientCode: string): Promise<TenantContext | undefined> {
  const client = await findClient(platform.db, clientCode)
  if (!client || client.status !== 'active') return undefined
  return { platform, tenant: tenantOf(platform, client) }
}

/** Reads a string the job's data must carry. */
export function jobField(data: Record<string, unknown>, name: string): string {
  const value = data[name]
  if (typeof value !== 'string' || value.length === 0) throw new Error(`job data has no ${name}`)
  return value
}
