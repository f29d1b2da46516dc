import type { TenantContext } from '../../platform/platform'
import { rangeStart, type AnalyticsQuery } from './analytics-range'
import { teamLeaderboard } from './analytics.repository'

export function getTeam({ ctx, input }: { ctx: TenantContext; input: AnalyticsQuery }) {
  return teamLeaderboard(ctx.tenant.db, rangeStart(input.range))
}
