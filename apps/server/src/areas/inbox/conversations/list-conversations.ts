import { defineTenantOperation, Page } from '../../../platform/http/operations'
import { toE164 } from '../../crm'
import { toConversationView } from './conversation-view'
import { listConversationsPage } from './conversations.repository'

export const listConversationsOperation = defineTenantOperation('conversations.list', async ({ ctx, input }) => {
  const { page, limit, search, ...filters } = input
  const searchPhone = search ? toE164(search, ctx.tenant.defaultCountry) : undefined
  const { rows, total } = await listConversationsPage(ctx.tenant.db, { ...filters, search, searchPhone }, { offset: (page - 1) * limit, limit })
  const now = new Date()
  return new Page(
    rows.map((row) => toConversationView(row, now)),
    { total, page, limit },
  )
})
