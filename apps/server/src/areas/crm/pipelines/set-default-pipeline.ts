import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { pipelineView, requirePipeline } from './pipeline-lookup'
import { lockDefaultPipeline, setDefaultPipeline } from './pipelines.repository'

/** Moves the default to this pipeline in one transaction, serialised with other switches. */
export const setDefaultPipelineOperation = defineTenantOperation('pipelines.setDefault', ({ ctx, input }) =>
  ctx.tenant.db.transaction().execute(async (trx) => {
    await lockDefaultPipeline(trx, ctx.tenant.clientCode)
    const pipeline = await requirePipeline(trx, input.pipelineId)
    if (pipeline.is_archived) throw new AppError('CONFLICT', 'An archived pipeline cannot be the default')
    return pipelineView(trx, pipeline.is_default ? pipeline : await setDefaultPipeline(trx, pipeline.id))
  }),
)
