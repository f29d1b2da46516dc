import type { Platform, TenantContext } from '../../../platform/platform'
import { activeTenantContexts } from '../../clients'

/** Runs `work` for every active tenant in turn; one tenant's failure is logged and does not stop the others. */
export async function forEachTenant(platform: Platform, job: string, work: (ctx: TenantContext) => Promise<void>): Promise<void> {
  for (const ctx of await activeTenantContexts(platform)) {
    try {
      await work(ctx)
    } catch (error) {
      platform.logger.error({ err: error, clientCode: ctx.tenant.clientCode, job }, 'tenant job step failed')
    }
  }
}
