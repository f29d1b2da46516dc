import { dateRange } from '../../../platform/http/date-range'
import { defineTenantOperation, Page } from '../../../platform/http/operations'
import { type AttemptRow, listAttemptsPage } from './callbacks.repository'

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
export const listCallbackLogsOperation = defineTenantOperation('callbacks.logs', async ({ ctx, input }) => {
  const { page, limit } = input
  const { from, before } = dateRange(input)
  const { rows, total } = await listAttemptsPage(ctx.tenant.db, { status: input.status, from, before }, { offset: (page - 1) * limit, limit })
  return new Page(rows.map(toAttemptView), { total, page, limit })
})
