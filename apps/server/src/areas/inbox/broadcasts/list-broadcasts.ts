import { defineTenantOperation, Page } from '../../../platform/http/operations'
import { broadcastViews } from './broadcast-view'
import { listBroadcastsPage } from './broadcasts.repository'

export const listBroadcastsOperation = defineTenantOperation('broadcasts.list', async ({ ctx, input }) => {
  const { page, limit, status } = input
  const { rows, total } = await listBroadcastsPage(ctx.tenant.db, { status }, { offset: (page - 1) * limit, limit })
  return new Page(await broadcastViews(ctx.tenant.db, rows), { total, page, limit })
})
