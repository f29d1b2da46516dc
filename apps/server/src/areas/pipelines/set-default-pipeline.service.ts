import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { pipelineView, requirePipeline } from './pipeline-lookup'
import { lockDefaultPipeline, setDefaultPipeline as setDefault } from './pipelines.repository'

/** Moves the default to this pipeline in one transaction, serialised with other switches. */
export async function setDefaultPipeline({ ctx, input }: { ctx: TenantContext; input: { pipelineId: string } }) {
  return ctx.tenant.db.transaction().execute(async (trx) => {
    await lockDefaultPipeline(trx, ctx.tenant.clientCode)
    const pipeline = await requirePipeline(trx, input.pipelineId)
    if (pipeline.is_archived) throw new AppError('CONFLICT', 'An archived pipeline cannot be the default')
    return pipelineView(trx, pipeline.is_default ? pipeline : await setDefault(trx, pipeline.id))
  })
}
