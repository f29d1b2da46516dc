import type { ActionArgs, ActionPreviewer, ActionType } from './action-executor'
import { previewAddTag } from './add-tag.action'
import { previewAssignTo } from './assign-to.action'
import { previewMoveStage } from './move-stage.action'
import { previewRemoveTag } from './remove-tag.action'
import { previewSendEmail } from './send-email.action'
import { previewSendWhatsapp } from './send-whatsapp.action'

const previewers: { [T in ActionType]: ActionPreviewer<T> } = {
  send_whatsapp: previewSendWhatsapp,
  send_email: previewSendEmail,
  move_stage: previewMoveStage,
  assign_to: previewAssignTo,
  add_tag: previewAddTag,
  remove_tag: previewRemoveTag,
}

/** What an action would do, with its values resolved (or why it would not run). Reads only: never writes or sends. */
export function previewAction(args: ActionArgs): Promise<{ resolved: Record<string, unknown>; problem?: string }> {
  // The map pairs each type with its previewer; TypeScript cannot follow that through the lookup.
  const preview = previewers[args.action.type] as ActionPreviewer
  return preview(args)
}
