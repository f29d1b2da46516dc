import { defineTenantOperation } from '../../../platform/http/operations'
import { requireStage } from './pipeline-lookup'
import { toStage } from './pipeline-view'
import { updateStage } from './pipelines.repository'
import { assertWonOrLost } from './stage-flags'

export const updateStageOperation = defineTenantOperation('pipelines.updateStage', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const { stageId, isWon, isLost, ...changes } = input
  const stage = await requireStage(db, stageId)
  assertWonOrLost({ isWon: isWon ?? stage.is_won, isLost: isLost ?? stage.is_lost }, 'body')
  return toStage(await updateStage(db, stageId, { ...changes, is_won: isWon, is_lost: isLost }))
})
