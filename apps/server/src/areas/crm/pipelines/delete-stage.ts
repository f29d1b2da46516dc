import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { inOutboxTransaction } from '../../../platform/outbox/outbox'
import { recordStageMoves } from '../activities/stage-moves'
import { countLeadsInStage, moveLeadsToStage } from '../lead-records/leads.repository'
import { requireStage } from './pipeline-lookup'
import { toStage } from './pipeline-view'
import { deleteStage, findStage, listStages, lockStageLayout, setStagePositions } from './pipelines.repository'

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
export const deleteStageOperation = defineTenantOperation('pipelines.deleteStage', async ({ ctx, input }) => {
  return inOutboxTransaction(ctx, async (trx) => {
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
    await deleteStage(trx, stage.id)
    await setStagePositions(
      trx,
      stage.pipeline_id,
      remaining.map((row, position) => ({ id: row.id, position })),
    )
    const stages = remaining.map((row, position) => toStage({ ...row, position }))
    return { deletedStageId: stage.id, movedLeads, stages }
  })
})
