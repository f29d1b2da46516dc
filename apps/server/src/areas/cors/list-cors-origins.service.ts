import type { TenantContext } from '../../platform/platform'
import { listCorsOrigins as listOrigins } from './cors.repository'

export async function listCorsOrigins({ ctx }: { ctx: TenantContext; input?: undefined }) {
  return { origins: await listOrigins(ctx.platform.db, ctx.tenant.clientCode) }
}
