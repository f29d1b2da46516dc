import { isForeignKeyViolation } from '../../../platform/database/pg-errors'
import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import type { TenantContext } from '../../../platform/platform'
import { recordStageMoves } from '../activities/stage-moves'
import { updateLeadRow } from '../lead-records/leads.repository'
import { findStage } from '../pipelines/pipelines.repository'
import { changeLead } from './change-lead'
import { toLeadView } from './lead-view'

/** Moves a lead to another stage of its pipeline, recording the move and stage_exit/stage_enter. */
export async function moveLead({ ctx, input }: { ctx: TenantContext; input: { leadId: string; stageId: string } }) {
  const row = await changeLead(ctx, input.leadId, async (trx, lead) => {
    const stage = await findStage(trx, input.stageId)
    if (!stage) throw new AppError('STAGE_NOT_FOUND', `No stage ${input.stageId}`)
    if (stage.pipeline_id !== lead.pipeline_id) {
      throw new AppError('VALIDATION_ERROR', 'Invalid request: body.stageId: the stage belongs to another pipeline', [
        { path: 'body.stageId', message: `Stage ${stage.id} is not in the lead's pipeline ${lead.pipeline_id}` },
      ])
    }
    if (stage.id === lead.stage_id) return lead
    const updated = await updateLeadRow(trx, lead.id, { stage_id: stage.id })
    await recordStageMoves(trx, { leadIds: [lead.id], fromStageId: lead.stage_id, toStageId: stage.id, toStageName: stage.name })
    return updated
  }).catch((error: unknown) => {
    // A stage deleted between the lookup and the update fails the lead's foreign key.
    if (isForeignKeyViolation(error)) throw new AppError('STAGE_NOT_FOUND', `No stage ${input.stageId}`)
    throw error
  })
  return toLeadView(row)
}

export const moveLeadOperation = defineTenantOperation('leads.move', moveLead)
