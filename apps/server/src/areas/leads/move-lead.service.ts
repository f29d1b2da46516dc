import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { changeLead } from './change-lead'
import { insertActivity, insertCrmEvent } from './lead-history.repository'
import { toLeadView } from './lead-view'
import { findStage, updateLead } from './leads.repository'

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
    const from = lead.stage_id
    const updated = await updateLead(trx, lead.id, { stage_id: stage.id })
    await insertActivity(trx, { leadId: lead.id, type: 'stage_moved', title: `Moved to ${stage.name}`, data: { fromStageId: from, toStageId: stage.id } })
    await insertCrmEvent(trx, { type: 'stage_exit', leadId: lead.id, payload: { stageId: from } })
    await insertCrmEvent(trx, { type: 'stage_enter', leadId: lead.id, payload: { stageId: stage.id } })
    return updated
  })
  return toLeadView(row)
}
