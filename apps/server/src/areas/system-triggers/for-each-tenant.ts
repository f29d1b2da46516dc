import type { Platform, TenantContext } from '../../platform/platform'
import { tenantOf } from '../clients/tenant-location'

/** Runs `work` for every active tenant in turn; one tenant's failure is logged and does not stop the others. */
export async function forEachTenant(platform: Platform, job: string, work: (ctx: TenantContext) => Promise<void>): Promise<void> {
  const clients = await platform.db.selectFrom('clients').selectAll().where('status', '=', 'active').orderBy('code').execute()
  for (const client of clients) {
    const ctx = { platform, tenant: tenantOf(platform, client) }
    try {
      await work(ctx)
    } catch (error) {
      platform.logger.error({ err: error, clientCode: client.code, job }, 'tenant job step failed')
    }
  }
}
