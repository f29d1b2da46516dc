import type { TenantContext } from '../../platform/platform'
import { aggregateOpenLeadsByStage, findDefaultPipeline } from '../pipelines/pipelines.repository'
import { DEFAULT_RANGE, rangeStart, type AnalyticsQuery } from './analytics-range'
import { overviewTotals } from './analytics.repository'

export async function getOverview({ ctx, input }: { ctx: TenantContext; input: AnalyticsQuery }) {
  const { db } = ctx.tenant
  const since = rangeStart(input.range)
  const pipeline = await findDefaultPipeline(db)
  const [totals, stages] = await Promise.all([
    overviewTotals(db, since),
    pipeline ? aggregateOpenLeadsByStage(db, pipeline.id, since) : [],
  ])
  return {
    range: input.range ?? DEFAULT_RANGE,
    ...totals,
    byStage: stages.map((stage) => ({ stageId: stage.id, name: stage.name, count: Number(stage.lead_count) })),
  }
}
