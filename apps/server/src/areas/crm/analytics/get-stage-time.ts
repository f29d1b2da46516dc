import { defineTenantOperation } from '../../../platform/http/operations'
import { rangeStart, reportedPipeline } from './analytics-query'
import { stageTimes } from './analytics.repository'

export const getStageTimeOperation = defineTenantOperation('analytics.stageTime', async ({ ctx, input }) => {
  const pipeline = await reportedPipeline(ctx.tenant.db, input.pipelineId)
  if (!pipeline) return { pipelineId: null, stages: [] }
  return { pipelineId: pipeline.id, stages: await stageTimes(ctx.tenant.db, pipeline.id, rangeStart(input.range)) }
})
