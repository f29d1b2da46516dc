import { defineTenantOperation } from '../../../platform/http/operations'
import { getPipelineForecast } from '../pipelines/get-pipeline-forecast'
import { rangeStart, reportedPipeline } from './analytics-query'

export const getForecastOperation = defineTenantOperation('analytics.forecast', async ({ ctx, input }) => {
  const pipeline = await reportedPipeline(ctx.tenant.db, input.pipelineId)
  if (!pipeline) return { rows: [], grandTotal: 0, totalPipeline: 0 }
  return getPipelineForecast({ ctx, input: { pipelineId: pipeline.id, createdSince: rangeStart(input.range) } })
})
