import { defineTenantOperation } from '../../../platform/http/operations'
import { rangeStart } from './analytics-query'
import { teamLeaderboard } from './analytics.repository'

export const getTeamOperation = defineTenantOperation('analytics.team', ({ ctx, input }) => teamLeaderboard(ctx.tenant.db, rangeStart(input.range)))
