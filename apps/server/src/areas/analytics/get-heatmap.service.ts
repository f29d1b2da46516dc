import type { TenantContext } from '../../platform/platform'
import { rangeDays, type AnalyticsQuery } from './analytics-range'
import { dailyActivity } from './analytics.repository'

export function getHeatmap({ ctx, input }: { ctx: TenantContext; input: AnalyticsQuery }) {
  return dailyActivity(ctx.tenant.db, rangeDays(input.range))
}
