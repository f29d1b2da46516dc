import type { TenantContext } from '../../../platform/platform'
import { type ActionEvent, type ActionOutcome, type AutomationAction, changesCrm } from '../actions/action-executor'
import { executeAction } from '../actions/execute-action'
import { findLead } from '../../crm'
import { type ActionRunRow, claimRun, storeRunOutcome } from './action-runs.repository'
import type { EventLogRow } from './event-logs.repository'
import { fromEventPayload } from './event-payload'

const UNEXPECTED_FAILURE = 'The action failed unexpectedly (see the server log)'

function actionEvent(event: EventLogRow): ActionEvent {
  const { variables, data } = fromEventPayload(event.payload)
  return {
    eventLogId: event.id,
    trigger: event.trigger,
    depth: event.depth,
    phone: event.phone,
    email: event.email,
    variables,
    data,
  }
}

const actionOf = (run: ActionRunRow) => ({ type: run.type, delayMinutes: run.delay_minutes, config: run.config }) as AutomationAction

/**
 * Runs one action run if this caller claims it (a redelivered job claims nothing), against the lead
 * as it is now, and stores the outcome. CRM changes it makes carry the event's chain depth; the
 * answer says whether it made any (its outbox events are then the caller's to consume).
 */
export async function executeRun(ctx: TenantContext, event: EventLogRow, runId: string): Promise<{ changedCrm: boolean }> {
  const run = await claimRun(ctx.tenant.db, runId)
  if (!run) return { changedCrm: false }
  const lead = (event.lead_id ? await findLead(ctx.tenant.db, event.lead_id) : undefined) ?? null
  const actionCtx: TenantContext = { ...ctx, cause: { eventLogId: event.id, depth: event.depth } }
  const action = actionOf(run)
  let outcome: ActionOutcome
  try {
    outcome = await executeAction({ ctx: actionCtx, action, lead, event: actionEvent(event) })
  } catch (error) {
    ctx.platform.logger.error({ err: error, eventLogId: event.id, actionRunId: run.id, type: run.type }, 'action threw')
    outcome = { status: 'failed', reason: UNEXPECTED_FAILURE }
  }
  await storeRunOutcome(ctx.tenant.db, run.id, outcome)
  return { changedCrm: changesCrm(action.type) && outcome.status === 'ok' }
}
