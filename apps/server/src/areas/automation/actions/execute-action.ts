import type { ActionArgs, ActionExecutor, ActionOutcome, ActionType } from './action-executor'
import { addTag } from './add-tag.action'
import { assignTo } from './assign-to.action'
import { moveStage } from './move-stage.action'
import { removeTag } from './remove-tag.action'
import { sendEmail } from './send-email.action'
import { sendWhatsapp } from './send-whatsapp.action'

const executors: { [T in ActionType]: ActionExecutor<T> } = {
  send_whatsapp: sendWhatsapp,
  send_email: sendEmail,
  move_stage: moveStage,
  assign_to: assignTo,
  add_tag: addTag,
  remove_tag: removeTag,
}

/** Runs one action for real; its outcome (ok, failed, skipped) is what the engine stores on the run. */
export function executeAction(args: ActionArgs): Promise<ActionOutcome> {
  // The map pairs each type with its executor; TypeScript cannot follow that through the lookup.
  const execute = executors[args.action.type] as ActionExecutor
  return execute(args)
}
