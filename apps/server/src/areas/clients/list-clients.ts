import { definePlatformOperation, Page } from '../../platform/http/operations'
import { toClientView } from './client-view'
import { listClientsPage } from './clients.repository'

export const listClientsOperation = definePlatformOperation('clients.list', async ({ ctx, input }) => {
  const { db } = ctx.platform
  const { page, limit } = input
  const { rows, total } = await listClientsPage(db, { offset: (page - 1) * limit, limit })
  return new Page(await Promise.all(rows.map((row) => toClientView(db, row))), { total, page, limit })
})
