import type { JobDefinition } from '../../platform/jobs/job-definition'
import type { Platform, TenantContext } from '../../platform/platform'
import { findLead } from '../leads/leads.repository'
import { consumeCausedCrmEvents } from '../system-triggers/consume-crm-events'
import { findPendingRuns, insertActionRuns, markRunScheduled } from './action-runs.repository'
import { claimScheduledEvent, findEventLog, setRulesMatched } from './event-logs.repository'
import { enqueueActionRun, RUN_EVENT_JOB } from './event-jobs'
import { executeRun } from './execute-run'
import { finishEventIfDone } from './finish-event'
import { jobField, tenantContextFor } from './job-tenant'
import { fromEventPayload } from './event-payload'
import { planActionRuns } from './plan-action-runs'

/** A delayed event is matched when its time comes; only the delivery that takes it out of `scheduled` does. */
async function matchDeferredEvent(ctx: TenantContext, eventLogId: string): Promise<void> {
  await ctx.tenant.db.transaction().execute(async (trx) => {
    const event = await claimScheduledEvent(trx, eventLogId)
    if (!event) return
    const lead = (event.lead_id ? await findLead(trx, event.lead_id) : undefined) ?? null
    const { variables, data } = fromEventPayload(event.payload)
    const plan = await planActionRuns(trx, { id: event.id, trigger: event.trigger, variables, data }, lead, new Date())
    await insertActionRuns(trx, plan.runs)
    await setRulesMatched(trx, event.id, plan.rulesMatched)
  })
}

/** Runs an event: its due actions in order, each delayed one handed to its own job at its time. */
export const runEventJob: JobDefinition = {
  name: RUN_EVENT_JOB,
  async run(platform: Platform, data) {
    const clientCode = jobField(data, 'clientCode')
    const eventLogId = jobField(data, 'eventLogId')
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
        const jobId = await enqueueActionRun(platform, { clientCode, eventLogId, actionRunId: run.id }, run.run_at)
        await markRunScheduled(ctx.tenant.db, run.id, jobId)
      } else {
        changedCrm = (await executeRun(ctx, event, run.id)).changedCrm || changedCrm
      }
    }
    await finishEventIfDone(ctx, eventLogId)
    if (changedCrm) await consumeCausedCrmEvents(ctx)
  },
}
