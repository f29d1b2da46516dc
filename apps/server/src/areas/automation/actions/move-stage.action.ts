import { isUuid } from '../../../platform/database/uuid'
import { findStage, moveLead } from '../../crm'
import type { ActionArgs, ActionExecutor, ActionPreviewer } from './action-executor'
import { failedOnAppError, previewOf, ready, stop, stoppedOutcome } from './action-plan'
import { planOnLead } from './plan-on-lead'

function planMove(args: ActionArgs<'move_stage'>) {
  const { stageId } = args.action.config
  return planOnLead(args, { stageId }, async (lead) => {
    const stage = isUuid(stageId) ? await findStage(args.ctx.tenant.db, stageId) : undefined
    if (!stage) return stop('failed', `No stage ${stageId}`, { stageId })
    if (stage.pipeline_id !== lead.pipeline_id) {
      return stop('failed', `Stage ${stage.name} (${stage.id}) is not in the lead's pipeline ${lead.pipeline_id}`, { stageId })
    }
    return ready({ leadId: lead.id, fromStageId: lead.stage_id, stageId: stage.id, stageName: stage.name, changed: stage.id !== lead.stage_id })
  })
}

export const moveStage: ActionExecutor<'move_stage'> = async (args) => {
  const plan = await planMove(args)
  if (!plan.ready) return stoppedOutcome(plan)
  const { leadId, fromStageId, stageId, stageName, changed } = plan.resolved
  return failedOnAppError(async () => {
    await moveLead({ ctx: args.ctx, input: { leadId, stageId } })
    return { status: 'ok', result: { fromStageId, stageId, stageName, changed } }
  })
}

export const previewMoveStage: ActionPreviewer<'move_stage'> = async (args) => previewOf(await planMove(args))
