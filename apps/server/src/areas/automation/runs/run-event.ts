import type { z } from 'zod'
import type { Platform, TenantContext } from '../../../platform/platform'
import { tenantContextFor } from '../../clients'
import { findLead } from '../../crm'
import { findPendingRuns, insertActionRuns, markRunScheduled } from './action-runs.repository'
import { consumeCausedOutboxEvents } from './consume-outbox'
import { runActionJob, type runEventJob } from './event-jobs'
import { claimScheduledEvent, findEventLog, setRulesMatched } from './event-logs.repository'
import { fromEventPayload } from './event-payload'
import { executeRun } from './execute-run'
import { finishEventIfDone } from './finish-event'
import { planActionRuns } from './plan-action-runs'

/** A delayed event is matched when its time comes; only the delivery that takes it out of `scheduled` does. */
async function matchDeferredEvent(ctx: TenantContext, eventLogId: string): Promise<void> {
  await ctx.tenant.db.transaction().execute(async (trx) => {
    const event = await claimScheduledEvent(trx, eventLogId)
    if (!event) return
    const lead = (event.lead_id ? await findLead(trx, event.lead_id) : undefined) ?? null
    const { variables, data } = fromEventPayload(event.payload)
    const plan = await planActionRuns(trx, event.id, { trigger: event.trigger, variables, data, lead }, new Date())
    await insertActionRuns(trx, plan.runs)
    await setRulesMatched(trx, event.id, plan.rulesMatched)
  })
}

/** The run-event job's work: the event's due actions in order, each delayed one handed to its own job at its time. */
export async function runEvent(platform: Platform, { clientCode, eventLogId }: z.output<typeof runEventJob.data>): Promise<void> {
  const ctx = await tenantContextFor(platform, clientCode)
  if (!ctx) return platform.logger.warn({ clientCode, eventLogId }, 'event of a missing or suspended tenant not run')
  let event = await findEventLog(ctx.tenant.db, eventLogId)
  if (event?.status === 'scheduled') {
    await matchDeferredEvent(ctx, eventLogId)
    event = await findEventLog(ctx.tenant.db, eventLogId)
  }
  if (!event) throw new Error(`event log ${eventLogId} not found`)
  if (event.status !== 'processing') return
  let changedCrm = false
  for (const run of await findPendingRuns(ctx.tenant.db, eventLogId)) {
    if (run.run_at.getTime() > Date.now()) {
      const jobId = await platform.jobs.enqueue(runActionJob, { clientCode, eventLogId, actionRunId: run.id }, { at: run.run_at })
      await markRunScheduled(ctx.tenant.db, run.id, jobId)
    } else {
      changedCrm = (await executeRun(ctx, event, run.id)).changedCrm || changedCrm
    }
  }
  await finishEventIfDone(ctx, eventLogId)
  if (changedCrm) await consumeCausedOutboxEvents(ctx)
}
