import type { TenantContext } from '../../platform/platform'
import { requirePipeline } from './pipeline-lookup'
import { toStage } from './pipeline-view'
import { insertStage, type NewStage } from './pipelines.repository'
import { assertWonOrLost } from './stage-flags'

export async function addStage({ ctx, input }: { ctx: TenantContext; input: NewStage & { pipelineId: string } }) {
  const { pipelineId, ...stage } = input
  assertWonOrLost(stage, 'body')
  const { db } = ctx.tenant
  await requirePipeline(db, pipelineId)
  return toStage(await insertStage(db, pipelineId, stage))
}
