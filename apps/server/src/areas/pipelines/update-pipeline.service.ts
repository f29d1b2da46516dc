import type { TenantContext } from '../../platform/platform'
import { pipelineView, requirePipeline } from './pipeline-lookup'
import { updatePipeline as updatePipelineRow } from './pipelines.repository'

export interface UpdatePipelineInput {
  pipelineId: string
  name?: string | undefined
  description?: string | null | undefined
}

export async function updatePipeline({ ctx, input }: { ctx: TenantContext; input: UpdatePipelineInput }) {
  const { db } = ctx.tenant
  const { pipelineId, ...changes } = input
  await requirePipeline(db, pipelineId)
  return pipelineView(db, await updatePipelineRow(db, pipelineId, changes))
}
