import { updateLead } from '../../crm'
import type { ActionArgs, ActionExecutor, ActionPreviewer } from './action-executor'
import { failedOnAppError, previewOf, ready, stoppedOutcome } from './action-plan'
import { planOnLead } from './plan-on-lead'

function planAssign(args: ActionArgs<'assign_to'>) {
  const { assignTo } = args.action.config
  return planOnLead(args, { assignTo }, (lead) =>
    ready({ leadId: lead.id, assignTo, previous: lead.assigned_to, changed: lead.assigned_to !== assignTo }),
  )
}

export const assignTo: ActionExecutor<'assign_to'> = async (args) => {
  const plan = await planAssign(args)
  if (!plan.ready) return stoppedOutcome(plan)
  const { leadId, assignTo: assignee, previous, changed } = plan.resolved
  return failedOnAppError(async () => {
    // The update service records the change as a field_updated activity.
    await updateLead({ ctx: args.ctx, input: { leadId, assignedTo: assignee } })
    return { status: 'ok', result: { assignTo: assignee, previous, changed } }
  })
}

export const previewAssignTo: ActionPreviewer<'assign_to'> = async (args) => previewOf(await planAssign(args))
