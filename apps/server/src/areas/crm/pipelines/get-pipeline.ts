import { defineTenantOperation } from '../../../platform/http/operations'
import { pipelineView, requirePipeline } from './pipeline-lookup'

export const getPipelineOperation = defineTenantOperation('pipelines.get', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  return pipelineView(db, await requirePipeline(db, input.pipelineId))
})
