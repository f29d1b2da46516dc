import { defineTenantOperation } from '../../../platform/http/operations'
import { aggregateOpenLeadsByStage, findDefaultPipeline } from '../pipelines/pipelines.repository'
import { rangeStart } from './analytics-query'
import { overviewTotals } from './analytics.repository'

export const getOverviewOperation = defineTenantOperation('analytics.overview', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const since = rangeStart(input.range)
  const pipeline = await findDefaultPipeline(db)
  const [totals, stages] = await Promise.all([
    overviewTotals(db, since),
    pipeline ? aggregateOpenLeadsByStage(db, pipeline.id, since) : [],
  ])
  return {
    range: input.range,
    ...totals,
    byStage: stages.map((stage) => ({ stageId: stage.id, name: stage.name, count: Number(stage.lead_count) })),
  }
})
