import { defineTenantOperation } from '../../../platform/http/operations'
import { issueRealtimeToken } from './realtime-token'

export const createRealtimeTokenOperation = defineTenantOperation('realtime.createToken', async ({ ctx }) => {
  const { token, expiresAt } = issueRealtimeToken(ctx.platform, ctx.tenant.clientCode)
  return { token, expiresAt: expiresAt.toISOString() }
})
