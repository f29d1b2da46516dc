import { defineTenantOperation } from '../../../platform/http/operations'
import { rangeStart, reportedPipeline } from './analytics-query'
import { funnelStages } from './analytics.repository'

export const getFunnelOperation = defineTenantOperation('analytics.funnel', async ({ ctx, input }) => {
  const pipeline = await reportedPipeline(ctx.tenant.db, input.pipelineId)
  if (!pipeline) return { pipelineId: null, stages: [] }
  return { pipelineId: pipeline.id, stages: await funnelStages(ctx.tenant.db, pipeline.id, rangeStart(input.range)) }
})
