import { defineTenantOperation } from '../../../platform/http/operations'
import { rangeStart } from './analytics-query'
import { sourceBreakdown } from './analytics.repository'

export const getSourcesOperation = defineTenantOperation('analytics.sources', ({ ctx, input }) => sourceBreakdown(ctx.tenant.db, rangeStart(input.range)))
