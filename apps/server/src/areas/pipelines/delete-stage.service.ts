import type { Transaction } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'
import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { recordStageMoves } from '../leads/lead-history.repository'
import { requireStage } from './pipeline-lookup'
import { toStage } from './pipeline-view'
import {
  countLeadsInStage,
  deleteStage as deleteStageRow,
  findStage,
  listStages,
  lockStageLayout,
  moveLeadsToStage,
  setStagePositions,
} from './pipelines.repository'

export interface DeleteStageInput {
  stageId: string
  moveLeadsToStageId?: string | undefined
}

const invalidTarget = (message: string) =>
  new AppError('VALIDATION_ERROR', message, [{ path: 'body.moveLeadsToStageId', message }])

/**
 * The stage, locked for its deletion: first its pipeline's stage layout, then the stage row itself.
 * Lead inserts and moves into the stage key-share lock it through their foreign key, so they
 * either commit before the lead count or move below, or wait and then find the stage gone.
 */
async function lockStageForDelete(trx: Transaction<TenantTables>, stageId: string) {
  const { pipeline_id } = await requireStage(trx, stageId)
  await lockStageLayout(trx, pipeline_id)
  return requireStage(trx, stageId, { forUpdate: true })
}

/** Deletes a stage, first moving its leads (recording each move) to another stage of the pipeline, in one transaction. */
export async function deleteStage({ ctx, input }: { ctx: TenantContext; input: DeleteStageInput }) {
  return ctx.tenant.db.transaction().execute(async (trx) => {
    const stage = await lockStageForDelete(trx, input.stageId)
    let movedLeads = 0
    if (input.moveLeadsToStageId !== undefined) {
      // Under the layout lock, a target of this pipeline cannot be deleted until this commits.
      const target = await findStage(trx, input.moveLeadsToStageId)
      if (!target || target.pipeline_id !== stage.pipeline_id) throw invalidTarget('Not a stage of the same pipeline')
      if (target.id === stage.id) throw invalidTarget('Cannot move leads to the stage being deleted')
      const leadIds = await moveLeadsToStage(trx, stage.id, target.id)
      await recordStageMoves(trx, { leadIds, fromStageId: stage.id, toStageId: target.id, toStageName: target.name })
      movedLeads = leadIds.length
    } else if ((await countLeadsInStage(trx, stage.id)) > 0) {
      throw new AppError('STAGE_HAS_LEADS', 'The stage holds leads; give moveLeadsToStageId to move them first')
    }
    const remaining = (await listStages(trx, stage.pipeline_id)).filter((row) => row.id !== stage.id)
    if (remaining.length === 0) throw new AppError('CONFLICT', "A pipeline's last stage cannot be deleted")
    await deleteStageRow(trx, stage.id)
    await setStagePositions(
      trx,
      stage.pipeline_id,
      remaining.map((row, position) => ({ id: row.id, position })),
    )
    const stages = remaining.map((row, position) => toStage({ ...row, position }))
    return { deletedStageId: stage.id, movedLeads, stages }
  })
}
