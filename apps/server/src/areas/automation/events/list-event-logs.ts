import { dateRange } from '../../../platform/http/date-range'
import { defineTenantOperation, Page } from '../../../platform/http/operations'
import { normalizePhone } from '../../crm'
import { listEventLogsPage } from '../runs/event-logs.repository'
import { toEventLogView } from './event-log-view'

export const listEventLogsOperation = defineTenantOperation('events.listLogs', async ({ ctx, input }) => {
  const { page, limit } = input
  const { from, before } = dateRange(input)
  const phone = input.phone === undefined ? undefined : normalizePhone(input.phone, ctx.tenant.defaultCountry, 'query.phone')
  const { rows, total } = await listEventLogsPage(
    ctx.tenant.db,
    { trigger: input.trigger, status: input.status, phone, leadId: input.leadId, from, before },
    { offset: (page - 1) * limit, limit },
  )
  return new Page(rows.map(toEventLogView), { total, page, limit })
})
