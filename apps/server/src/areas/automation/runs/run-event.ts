import type { z } from 'zod'
import type { Platform, TenantContext } from '../../../platform/platform'
import { tenantContextFor } from '../../clients'
import { findLead } from '../../crm'
import { insertActionRuns, markRunScheduled } from './action-runs.repository'
import { runActionJob, type runEventJob } from './event-jobs'
import { claimScheduledEvent, setRulesMatched } from './event-logs.repository'
import { fromEventPayload } from './event-payload'
import { startEventRun } from './event-run.repository'
import { executeClaimedRuns } from './execute-run'
import { planActionRuns } from './plan-action-runs'

/** A delayed event is matched when its time comes; only the delivery that takes it out of `scheduled` does. */
async function matchDeferredEvent(ctx: TenantContext, eventLogId: string): Promise<void> {
  await ctx.tenant.db.transaction().execute(async (trx) => {
    const event = await claimScheduledEvent(trx, eventLogId)
    if (!event) return
    const lead = (event.lead_id ? await findLead(trx, event.lead_id) : undefined) ?? null
    const { variables, data } = fromEventPayload(event.payload)
    const plan = await planActionRuns(ctx, event.id, { trigger: event.trigger, variables, data, lead }, new Date())
    await insertActionRuns(trx, plan.runs)
    await setRulesMatched(trx, event.id, plan.rulesMatched)
  })
}

/**
 * The run-event job's work, in two statements when its actions change nothing in the CRM: one
 * claims the event's due runs and reads the event and its lead, one stores their outcomes, finishes
 * the event and records the job's success. Each delayed action is handed to its own job at its time.
 */
export async function runEvent(
  platform: Platform,
  { clientCode, eventLogId }: z.output<typeof runEventJob.data>,
  job?: { id: string },
): Promise<void | 'completed'> {
  const ctx = await tenantContextFor(platform, clientCode)
  if (!ctx) return platform.logger.warn({ clientCode, eventLogId }, 'event of a missing or suspended tenant not run')
  let start = await startEventRun(ctx.tenant.db, eventLogId)
  if (start?.event.status === 'scheduled') {
    await matchDeferredEvent(ctx, eventLogId)
    start = await startEventRun(ctx.tenant.db, eventLogId)
  }
  if (!start) throw new Error(`event log ${eventLogId} not found`)
  const { event, claimed, later, lead } = start
  if (event.status !== 'processing') return
  for (const run of later) {
    const jobId = await platform.jobs.enqueue(runActionJob, { clientCode, eventLogId, actionRunId: run.id }, { at: run.run_at })
    await markRunScheduled(ctx.tenant.db, run.id, jobId)
  }
  return executeClaimedRuns(ctx, event, claimed, lead, job)
}
