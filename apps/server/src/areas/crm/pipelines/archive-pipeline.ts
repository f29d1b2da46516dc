import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { pipelineView, requirePipeline } from './pipeline-lookup'
import { lockDefaultPipeline, updatePipeline } from './pipelines.repository'

/** Soft-archives; the lock keeps a concurrent switch from making it the default meanwhile. */
export const archivePipelineOperation = defineTenantOperation('pipelines.archive', ({ ctx, input }) =>
  ctx.tenant.db.transaction().execute(async (trx) => {
    await lockDefaultPipeline(trx, ctx.tenant.clientCode)
    const pipeline = await requirePipeline(trx, input.pipelineId)
    if (pipeline.is_default) {
      throw new AppError('DEFAULT_PIPELINE', 'The default pipeline cannot be archived; make another pipeline the default first')
    }
    if (pipeline.is_archived) return pipelineView(trx, pipeline)
    return pipelineView(trx, await updatePipeline(trx, pipeline.id, { is_archived: true }))
  }),
)
