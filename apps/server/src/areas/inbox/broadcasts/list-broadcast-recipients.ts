import { defineTenantOperation, Page } from '../../../platform/http/operations'
import { requireBroadcast, toRecipientView } from './broadcast-view'
import { listRecipientsPage } from './broadcasts.repository'

export const listBroadcastRecipientsOperation = defineTenantOperation('broadcasts.recipients', async ({ ctx, input }) => {
  const { page, limit, status } = input
  const broadcast = await requireBroadcast(ctx.tenant.db, input.broadcastId)
  const { rows, total } = await listRecipientsPage(ctx.tenant.db, broadcast.id, status, { offset: (page - 1) * limit, limit })
  return new Page(rows.map(toRecipientView), { total, page, limit })
})
