import { defineTenantOperation } from '../../../platform/http/operations'
import { rangeStart } from './analytics-query'
import { scoreBuckets } from './analytics.repository'

export const getScoresOperation = defineTenantOperation('analytics.scores', ({ ctx, input }) => scoreBuckets(ctx.tenant.db, rangeStart(input.range)))
