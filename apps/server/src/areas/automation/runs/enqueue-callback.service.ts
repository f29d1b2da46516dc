import { randomUUID } from 'node:crypto'
import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { insertDelivery, setFirstAttemptJob } from '../callbacks/callbacks.repository'
import { scheduleCallbackAttempt } from '../callbacks/deliver-callback.job'
import { type ActionRunRow, listActionRuns } from './action-runs.repository'
import { type EventLogRow, findEventLog } from './event-logs.repository'

function callbackBody(deliveryId: string, event: EventLogRow, runs: ActionRunRow[]) {
  return {
    id: deliveryId,
    type: 'workflow.completed',
    trigger: event.trigger,
    eventLogId: event.id,
    leadId: event.lead_id,
    status: event.status,
    meetLink: event.meet_link,
    meetWarning: event.meet_warning,
    actions: runs.map((run) => ({
      ruleId: run.rule_id,
      ruleName: run.rule_name,
      type: run.type,
      status: run.status,
      reason: run.reason,
      result: run.result,
    })),
    metadata: event.callback_metadata ?? {},
    timestamp: (event.completed_at ?? new Date()).toISOString(),
  }
}

/**
 * Creates the event's callback delivery, its body written once (every attempt sends these bytes),
 * and queues its first attempt now. Once per event: a second call finds the delivery and does
 * nothing (null), as does an event without `callbackUrl`. Call it after the event log's final
 * status is committed, outside its transaction: the attempt may start at once.
 */
export async function enqueueCallback({ ctx, input }: { ctx: TenantContext; input: { eventLogId: string } }) {
  const { db } = ctx.tenant
  const event = await findEventLog(db, input.eventLogId)
  if (!event) throw new AppError('EVENT_LOG_NOT_FOUND', `Event log ${input.eventLogId} not found`)
  if (!event.callback_url) return null

  const deliveryId = randomUUID()
  const body = JSON.stringify(callbackBody(deliveryId, event, await listActionRuns(db, event.id)))
  const inserted = await insertDelivery(db, { id: deliveryId, eventLogId: event.id, url: event.callback_url, body })
  if (!inserted) return null

  const at = new Date()
  const jobId = await scheduleCallbackAttempt(ctx, { eventLogId: event.id, deliveryId, attempt: 1 }, at)
  await setFirstAttemptJob(db, deliveryId, { jobId, at })
  return { deliveryId, jobId }
}
