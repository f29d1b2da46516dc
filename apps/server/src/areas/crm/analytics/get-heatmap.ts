import { defineTenantOperation } from '../../../platform/http/operations'
import { rangeDays } from './analytics-query'
import { dailyActivity } from './analytics.repository'

export const getHeatmapOperation = defineTenantOperation('analytics.heatmap', ({ ctx, input }) => dailyActivity(ctx.tenant.db, rangeDays(input.range)))
