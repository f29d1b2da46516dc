import type { TenantContext } from '../../platform/platform'
import { rangeStart, type AnalyticsQuery } from './analytics-range'
import { sourceBreakdown } from './analytics.repository'

export function getSources({ ctx, input }: { ctx: TenantContext; input: AnalyticsQuery }) {
  return sourceBreakdown(ctx.tenant.db, rangeStart(input.range))
}
