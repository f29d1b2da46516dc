import type { TenantContext } from '../../platform/platform'
import { reportedPipeline } from './analytics-pipeline'
import { rangeStart, type AnalyticsQuery } from './analytics-range'
import { funnelStages } from './analytics.repository'

export async function getFunnel({ ctx, input }: { ctx: TenantContext; input: AnalyticsQuery }) {
  const pipeline = await reportedPipeline(ctx.tenant.db, input.pipelineId)
  if (!pipeline) return { pipelineId: null, stages: [] }
  return { pipelineId: pipeline.id, stages: await funnelStages(ctx.tenant.db, pipeline.id, rangeStart(input.range)) }
}
