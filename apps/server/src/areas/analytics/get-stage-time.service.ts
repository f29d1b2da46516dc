import type { TenantContext } from '../../platform/platform'
import { reportedPipeline } from './analytics-pipeline'
import { rangeStart, type AnalyticsQuery } from './analytics-range'
import { stageTimes } from './analytics.repository'

export async function getStageTime({ ctx, input }: { ctx: TenantContext; input: AnalyticsQuery }) {
  const pipeline = await reportedPipeline(ctx.tenant.db, input.pipelineId)
  if (!pipeline) return { pipelineId: null, stages: [] }
  return { pipelineId: pipeline.id, stages: await stageTimes(ctx.tenant.db, pipeline.id, rangeStart(input.range)) }
}
