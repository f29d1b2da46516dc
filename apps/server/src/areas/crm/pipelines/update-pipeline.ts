import { defineTenantOperation } from '../../../platform/http/operations'
import { pipelineView, requirePipeline } from './pipeline-lookup'
import { updatePipeline } from './pipelines.repository'

export const updatePipelineOperation = defineTenantOperation('pipelines.update', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const { pipelineId, ...changes } = input
  await requirePipeline(db, pipelineId)
  return pipelineView(db, await updatePipeline(db, pipelineId, changes))
})
