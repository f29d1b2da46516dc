import type { EventStatus } from '../../platform/database/tenant-tables'
import type { TenantContext } from '../../platform/platform'
import { dateRange } from '../../platform/http/date-range'
import { normalizePhone } from '../leads/phone'
import { toEventLogView } from './event-log-view'
import { listEventLogsPage } from './events.repository'

export interface ListEventLogsInput {
  trigger?: string | undefined
  status?: EventStatus | undefined
  phone?: string | undefined
  leadId?: string | undefined
  startDate?: string | undefined
  endDate?: string | undefined
  page: number
  limit: number
}

export async function listEventLogs({ ctx, input }: { ctx: TenantContext; input: ListEventLogsInput }) {
  const { from, before } = dateRange(input)
  const phone = input.phone === undefined ? undefined : normalizePhone(input.phone, 'query.phone')
  const { rows, total } = await listEventLogsPage(
    ctx.tenant.db,
    { trigger: input.trigger, status: input.status, phone, leadId: input.leadId, from, before },
    { offset: (input.page - 1) * input.limit, limit: input.limit },
  )
  return { logs: rows.map(toEventLogView), total, page: input.page, limit: input.limit }
}
