import { defineTenantOperation } from '../../../platform/http/operations'
import { broadcastViews, requireBroadcast } from './broadcast-view'

export const getBroadcastOperation = defineTenantOperation('broadcasts.get', async ({ ctx, input }) => {
  const [view] = await broadcastViews(ctx.tenant.db, [await requireBroadcast(ctx.tenant.db, input.broadcastId)])
  return view!
})
