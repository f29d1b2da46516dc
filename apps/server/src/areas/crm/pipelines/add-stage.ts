import { defineTenantOperation } from '../../../platform/http/operations'
import { requirePipeline } from './pipeline-lookup'
import { toStage } from './pipeline-view'
import { insertStage } from './pipelines.repository'
import { assertWonOrLost } from './stage-flags'

export const addStageOperation = defineTenantOperation('pipelines.addStage', async ({ ctx, input }) => {
  const { pipelineId, ...stage } = input
  assertWonOrLost(stage, 'body')
  const { db } = ctx.tenant
  await requirePipeline(db, pipelineId)
  return toStage(await insertStage(db, pipelineId, stage))
})
