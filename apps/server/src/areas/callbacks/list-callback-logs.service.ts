import type { TenantContext } from '../../platform/platform'
import { type AttemptFilters, type AttemptRow, listAttemptsPage } from './callbacks.repository'
import { dateRange } from '../../platform/http/date-range'

export interface ListCallbackLogsInput {
  status?: AttemptFilters['status']
  startDate?: string | undefined
  endDate?: string | undefined
  page: number
  limit: number
}

function toAttemptView(row: AttemptRow) {
  return {
    id: String(row.id),
    deliveryId: row.delivery_id,
    eventLogId: row.event_log_id,
    trigger: row.trigger,
    url: row.url,
    attempt: row.attempt,
    status: row.status,
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    deliveryStatus: row.delivery_status,
    // Only a pending delivery has a next attempt; while one runs this is when it is presumed lost.
    nextAttemptAt: row.delivery_status === 'pending' ? (row.next_attempt_at?.toISOString() ?? null) : null,
  }
}

/** The tenant's callback attempts, newest first. */
export async function listCallbackLogs({ ctx, input }: { ctx: TenantContext; input: ListCallbackLogsInput }) {
  const { from, before } = dateRange(input)
  const { rows, total } = await listAttemptsPage(
    ctx.tenant.db,
    { status: input.status, from, before },
    { offset: (input.page - 1) * input.limit, limit: input.limit },
  )
  return { attempts: rows.map(toAttemptView), total, page: input.page, limit: input.limit }
}
