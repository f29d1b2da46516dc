import type { TenantContext } from '../../platform/platform'
import { pipelineView, requirePipeline } from './pipeline-lookup'

export async function getPipeline({ ctx, input }: { ctx: TenantContext; input: { pipelineId: string } }) {
  const { db } = ctx.tenant
  return pipelineView(db, await requirePipeline(db, input.pipelineId))
}
