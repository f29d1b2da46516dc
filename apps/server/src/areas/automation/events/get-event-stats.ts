import { dateRange } from '../../../platform/http/date-range'
import { defineTenantOperation } from '../../../platform/http/operations'
import { countEventsByStatus, countEventsByTrigger } from '../runs/event-logs.repository'

/** Events per trigger (with the share of finished ones that completed) and per status, in the range. */
export const getEventStatsOperation = defineTenantOperation('events.stats', async ({ ctx, input }) => {
  const range = dateRange(input)
  const [byTrigger, byStatus] = await Promise.all([countEventsByTrigger(ctx.tenant.db, range), countEventsByStatus(ctx.tenant.db, range)])
  return {
    totalEvents: byStatus.reduce((sum, row) => sum + row.count, 0),
    byTrigger: byTrigger.map((row) => ({
      trigger: row.trigger,
      count: row.count,
      successRate: row.successRate === null ? null : Number(row.successRate),
    })),
    byStatus: byStatus.map((row) => ({ status: row.status, count: row.count })),
  }
})
