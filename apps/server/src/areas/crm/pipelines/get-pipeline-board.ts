import { defineTenantOperation } from '../../../platform/http/operations'
import { requirePipeline } from './pipeline-lookup'
import { aggregateOpenLeadsByStage } from './pipelines.repository'

/** Kanban columns with their open leads' count and value, aggregated by the database. */
export const getPipelineBoardOperation = defineTenantOperation('pipelines.board', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const pipeline = await requirePipeline(db, input.pipelineId)
  const rows = await aggregateOpenLeadsByStage(db, pipeline.id)
  return {
    pipelineId: pipeline.id,
    stages: rows.map((row) => ({
      stageId: row.id,
      name: row.name,
      color: row.color,
      probability: row.probability,
      order: row.position,
      leadCount: Number(row.lead_count),
      totalValue: Number(row.total_value),
    })),
  }
})
