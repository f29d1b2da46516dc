import type { TenantContext } from '../../platform/platform'
import { requirePipeline } from './pipeline-lookup'
import { toPipeline } from './pipeline-view'
import { insertPipelineWithStages, listStages } from './pipelines.repository'

/** A copy with the same stages in the same order; leads stay where they are. */
export async function duplicatePipeline({ ctx, input }: { ctx: TenantContext; input: { pipelineId: string; name?: string | undefined } }) {
  return ctx.tenant.db.transaction().execute(async (trx) => {
    const source = await requirePipeline(trx, input.pipelineId)
    const stages = await listStages(trx, source.id)
    const copy = await insertPipelineWithStages(
      trx,
      { name: input.name ?? `Copy of ${source.name}`, description: source.description, template: source.template, isDefault: false },
      stages.map((stage) => ({ name: stage.name, color: stage.color, probability: stage.probability, isWon: stage.is_won, isLost: stage.is_lost })),
    )
    return toPipeline(copy.pipeline, copy.stages)
  })
}
