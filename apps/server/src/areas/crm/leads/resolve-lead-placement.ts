import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { ensureDefaultPipeline } from '../pipelines/ensure-default-pipeline'
import { findPipeline, findStage, firstStageOf } from '../pipelines/pipelines.repository'

/**
 * Where a new lead goes: the given stage (which must belong to the given pipeline, if one is
 * given), else the given pipeline's first stage, else the default pipeline's first stage.
 */
export async function resolveLeadPlacement(
  ctx: TenantContext,
  wanted: { pipelineId?: string | undefined; stageId?: string | undefined },
): Promise<{ pipelineId: string; stageId: string }> {
  const { db } = ctx.tenant
  if (wanted.stageId) {
    const stage = await findStage(db, wanted.stageId)
    if (!stage) throw new AppError('STAGE_NOT_FOUND', `No stage ${wanted.stageId}`)
    if (wanted.pipelineId && stage.pipeline_id !== wanted.pipelineId) {
      throw new AppError('VALIDATION_ERROR', 'Invalid request: body.stageId: the stage belongs to another pipeline', [
        { path: 'body.stageId', message: `Stage ${stage.id} is not a stage of pipeline ${wanted.pipelineId}` },
      ])
    }
    return { pipelineId: stage.pipeline_id, stageId: stage.id }
  }
  if (wanted.pipelineId) {
    const pipeline = await findPipeline(db, wanted.pipelineId)
    if (!pipeline || pipeline.is_archived) throw new AppError('PIPELINE_NOT_FOUND', `No pipeline ${wanted.pipelineId}`)
    const first = await firstStageOf(db, pipeline.id)
    if (!first) throw new AppError('VALIDATION_ERROR', `Pipeline ${pipeline.id} has no stages`)
    return { pipelineId: pipeline.id, stageId: first.id }
  }
  const { pipeline, stages } = await ensureDefaultPipeline({ ctx })
  const first = stages[0]
  if (!first) throw new AppError('VALIDATION_ERROR', 'The default pipeline has no stages')
  return { pipelineId: pipeline.id, stageId: first.id }
}
