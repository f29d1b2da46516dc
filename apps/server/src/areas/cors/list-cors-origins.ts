import { defineTenantOperation } from '../../platform/http/operations'
import { listCorsOrigins } from './cors.repository'

export const listCorsOriginsOperation = defineTenantOperation('cors.list', async ({ ctx }) => ({
  origins: await listCorsOrigins(ctx.platform.db, ctx.tenant.clientCode),
}))
