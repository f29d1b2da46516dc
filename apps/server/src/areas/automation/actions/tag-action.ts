import { editLeadTags, editSnapshotLeadTags } from '../../crm'
import type { ActionArgs, ActionExecutor, ActionPreviewer } from './action-executor'
import { failedOnAppError, previewOf, ready, stoppedOutcome } from './action-plan'
import { planOnLead } from './plan-on-lead'

type TagActionType = 'add_tag' | 'remove_tag'

/** add_tag and remove_tag: the tag edit service, reporting whether the lead's tags really changed. */
export function tagAction<T extends TagActionType>(type: T): { execute: ActionExecutor<T>; preview: ActionPreviewer<T> } {
  const adding = type === 'add_tag'
  const plan = (args: ActionArgs<T>) => {
    const { tag } = (args.action as ActionArgs<TagActionType>['action']).config
    return planOnLead(args, { tag }, (lead) => ready({ leadId: lead.id, tag, changed: lead.tags.includes(tag) !== adding }))
  }
  const execute: ActionExecutor<T> = async (args) => {
    const planned = await plan(args)
    if (!planned.ready) return stoppedOutcome(planned)
    const { leadId, tag, changed } = planned.resolved
    // The lead was read with the run's claim: a tag it has (or lacks) already needs no locked change.
    if (!changed) return { status: 'ok', result: { tag, changed } }
    const edit = adding ? { add: [tag] } : { remove: [tag] }
    return failedOnAppError(async () => {
      // One statement on the lead as read; the locked change when it moved since.
      const written = args.lead && (await editSnapshotLeadTags({ ctx: args.ctx, input: { lead: args.lead, ...edit } }))
      if (!written) await editLeadTags({ ctx: args.ctx, input: { leadId, ...edit } })
      return { status: 'ok', result: { tag, changed }, ...(written ? { lead: written } : {}) }
    })
  }
  const preview: ActionPreviewer<T> = async (args) => previewOf(await plan(args))
  return { execute, preview }
}
