import { defineTenantOperation } from '../../../platform/http/operations'
import type { TenantContext } from '../../../platform/platform'
import { requirePipeline } from './pipeline-lookup'
import { aggregateOpenLeadsByStage } from './pipelines.repository'

/**
 * Open deal value per stage weighted by its probability; totals are summed by the database too.
 * `createdSince` (analytics' range) keeps only the leads created from then on.
 */
export async function getPipelineForecast({
  ctx,
  input,
}: {
  ctx: TenantContext
  input: { pipelineId: string; createdSince?: Date | undefined }
}) {
  const { db } = ctx.tenant
  const pipeline = await requirePipeline(db, input.pipelineId)
  const rows = await aggregateOpenLeadsByStage(db, pipeline.id, input.createdSince)
  return {
    rows: rows.map((row) => ({
      stageId: row.id,
      stageName: row.name,
      probability: row.probability,
      totalValue: Number(row.total_value),
      expectedRevenue: Number(row.expected_revenue),
    })),
    grandTotal: Number(rows[0]?.pipeline_expected_revenue ?? 0),
    totalPipeline: Number(rows[0]?.pipeline_value ?? 0),
  }
}

export const getPipelineForecastOperation = defineTenantOperation('pipelines.forecast', ({ ctx, input }) => getPipelineForecast({ ctx, input }))
