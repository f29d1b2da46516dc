import type { TenantContext } from '../../platform/platform'
import { rangeStart, type AnalyticsQuery } from './analytics-range'
import { scoreBuckets } from './analytics.repository'

export function getScores({ ctx, input }: { ctx: TenantContext; input: AnalyticsQuery }) {
  return scoreBuckets(ctx.tenant.db, rangeStart(input.range))
}
