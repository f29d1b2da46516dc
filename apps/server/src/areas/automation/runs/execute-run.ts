import type { TenantContext } from '../../../platform/platform'
import { type ActionEvent, type ActionOutcome, type AutomationAction, changesCrm } from '../actions/action-executor'
import { executeAction } from '../actions/execute-action'
import { findLead, type LeadRow } from '../../crm'
import { consumeCausedOutboxEvents } from './consume-outbox'
import type { EventLogRow } from './event-logs.repository'
import { fromEventPayload } from './event-payload'
import { type ClaimedRun, type EventOutcomes, type RunOutcome, storeEventRuns } from './event-run.repository'
import { afterEventFinished } from './finish-event'

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

const actionOf = (run: ClaimedRun) => ({ type: run.type, delayMinutes: run.delay_minutes, config: run.config }) as AutomationAction

/** Whether the outcome changed the lead (an action that found nothing to change says `changed: false`). */
const changedLead = (action: AutomationAction, outcome: ActionOutcome) =>
  changesCrm(action.type) && outcome.status === 'ok' && outcome.result?.changed !== false

/**
 * Runs claimed runs of one event in order, against its lead: the lead as read with the claim, read
 * again only after a run changed it. CRM changes they make carry the event's chain depth; the answer
 * says whether any did (their outbox events are then the caller's to consume). Stores nothing.
 */
async function executeRuns(
  ctx: TenantContext,
  event: EventLogRow,
  runs: ClaimedRun[],
  lead: LeadRow | null,
): Promise<{ outcomes: RunOutcome[]; changedCrm: boolean }> {
  const actionCtx: TenantContext = { ...ctx, cause: { eventLogId: event.id, depth: event.depth } }
  const outcomes: RunOutcome[] = []
  let current = lead
  let changedCrm = false
  for (const [index, run] of runs.entries()) {
    const action = actionOf(run)
    let outcome: ActionOutcome
    try {
      outcome = await executeAction({ ctx: actionCtx, action, lead: current, event: actionEvent(event) })
    } catch (error) {
      ctx.platform.logger.error({ err: error, eventLogId: event.id, actionRunId: run.id, type: run.type }, 'action threw')
      outcome = { status: 'failed', reason: UNEXPECTED_FAILURE }
    }
    outcomes.push({ runId: run.id, outcome })
    if (!changedLead(action, outcome)) continue
    changedCrm = true
    if (outcome.status === 'ok' && outcome.lead) current = outcome.lead
    else if (event.lead_id && index < runs.length - 1) current = (await findLead(ctx.tenant.db, event.lead_id)) ?? null
  }
  return { outcomes, changedCrm }
}

export interface ClaimedEventRuns {
  event: EventLogRow
  runs: ClaimedRun[]
  lead: LeadRow | null
}

/**
 * Run jobs' work on the runs they claimed, for any number of one tenant's events: executes them,
 * then in one statement stores their outcomes, finishes the events whose runs they were the last
 * of, and (for a tenant on the job queue's database) records the jobs' success, answering 'completed'
 * so the worker does not; then the events' callbacks and the CRM events the actions caused.
 */
export async function executeClaimedRuns(ctx: TenantContext, claimed: ClaimedEventRuns[], jobIds: string[]): Promise<'completed' | undefined> {
  const stored: EventOutcomes[] = []
  let changedCrm = false
  for (const { event, runs, lead } of claimed) {
    const executed = await executeRuns(ctx, event, runs, lead)
    stored.push({ eventLogId: event.id, outcomes: executed.outcomes })
    changedCrm ||= executed.changedCrm
  }
  const completesJobs = ctx.tenant.sharesJobQueueDatabase && jobIds.length > 0
  const finished = await storeEventRuns(ctx.tenant.db, stored, completesJobs ? jobIds : [])
  for (const event of finished) await afterEventFinished(ctx, event)
  if (changedCrm) await consumeCausedOutboxEvents(ctx)
  return completesJobs ? 'completed' : undefined
}
