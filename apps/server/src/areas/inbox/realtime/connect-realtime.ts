import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { listCorsOrigins } from '../../cors'
import { realtimeTokenCredential } from './realtime-token'

/**
 * The upgrade to the tenant's socket (platform/realtime takes it from there). A browser's `Origin`
 * must be one the tenant allowed: its page is the only one that should read the tenant's events.
 */
export const connectRealtimeOperation = defineTenantOperation(
  'realtime.connect',
  async ({ ctx, c }) => {
    const upgrade = c.env?.upgrade
    if (!upgrade) throw new AppError('UPGRADE_REQUIRED', 'Connect with a WebSocket (Upgrade: websocket)', undefined, { upgrade: 'websocket' })
    const origin = c.req.header('origin')
    if (origin !== undefined && !(await listCorsOrigins(ctx.platform.db, ctx.tenant.clientCode)).includes(origin)) {
      throw new AppError('FORBIDDEN', `Origin ${origin} is not allowed for this tenant (POST /api/saas/cors)`)
    }
    return upgrade.accept(ctx.tenant.clientCode)
  },
  { credential: realtimeTokenCredential },
)
