import type { TenantContext } from '../../platform/platform'
import { getPipelineForecast } from '../pipelines/get-pipeline-forecast.service'
import { reportedPipeline } from './analytics-pipeline'
import { rangeStart, type AnalyticsQuery } from './analytics-range'

export async function getForecast({ ctx, input }: { ctx: TenantContext; input: AnalyticsQuery }) {
  const pipeline = await reportedPipeline(ctx.tenant.db, input.pipelineId)
  if (!pipeline) return { rows: [], grandTotal: 0, totalPipeline: 0 }
  return getPipelineForecast({ ctx, input: { pipelineId: pipeline.id, createdSince: rangeStart(input.range) } })
}
