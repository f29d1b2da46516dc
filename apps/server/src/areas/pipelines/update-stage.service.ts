import type { TenantContext } from '../../platform/platform'
import { requireStage } from './pipeline-lookup'
import { toStage } from './pipeline-view'
import { updateStage as updateStageRow } from './pipelines.repository'
import { assertWonOrLost } from './stage-flags'

export interface UpdateStageInput {
  stageId: string
  name?: string | undefined
  color?: string | undefined
  probability?: number | undefined
  isWon?: boolean | undefined
  isLost?: boolean | undefined
}

export async function updateStage({ ctx, input }: { ctx: TenantContext; input: UpdateStageInput }) {
  const { db } = ctx.tenant
  const { stageId, isWon, isLost, ...changes } = input
  const stage = await requireStage(db, stageId)
  assertWonOrLost({ isWon: isWon ?? stage.is_won, isLost: isLost ?? stage.is_lost }, 'body')
  return toStage(await updateStageRow(db, stageId, { ...changes, is_won: isWon, is_lost: isLost }))
}
