import { defineTenantOperation } from '../../../platform/http/operations'
import { requirePipeline } from './pipeline-lookup'
import { toPipeline } from './pipeline-view'
import { insertPipelineWithStages, listStages } from './pipelines.repository'

/** A copy with the same stages in the same order; leads stay where they are. */
export const duplicatePipelineOperation = defineTenantOperation('pipelines.duplicate', ({ ctx, input }) =>
  ctx.tenant.db.transaction().execute(async (trx) => {
    const source = await requirePipeline(trx, input.pipelineId)
    const stages = await listStages(trx, source.id)
    const copy = await insertPipelineWithStages(
      trx,
      { name: input.name ?? `Copy of ${source.name}`, description: source.description, template: source.template, isDefault: false },
      stages.map((stage) => ({ name: stage.name, color: stage.color, probability: stage.probability, isWon: stage.is_won, isLost: stage.is_lost })),
    )
    return toPipeline(copy.pipeline, copy.stages)
  }),
)
