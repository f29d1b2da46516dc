import type { z } from 'zod'
import type { JobResult } from '../../../platform/jobs/define-job'
import type { Platform, TenantContext } from '../../../platform/platform'
import { tenantContextFor } from '../../clients'
import { findLead } from '../../crm'
import { insertActionRuns, markRunScheduled } from './action-runs.repository'
import { runActionJob, type runEventJob } from './event-jobs'
import { claimScheduledEvent, setRulesMatched } from './event-logs.repository'
import { fromEventPayload } from './event-payload'
import { type EventRunStart, startEventRuns } from './event-run.repository'
import { type ClaimedEventRuns, executeClaimedRuns } from './execute-run'
import { planActionRuns } from './plan-action-runs'

type EventJob = { id?: string | undefined; data: z.output<typeof runEventJob.data> }

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

/** Claims the events' due runs and reads them; a delayed event whose time came is matched first, then read again. */
async function startEvents(ctx: TenantContext, eventLogIds: string[]): Promise<Map<string, EventRunStart>> {
  const starts = await startEventRuns(ctx.tenant.db, eventLogIds)
  const deferred = [...starts.values()].filter((start) => start.event.status === 'scheduled').map((start) => start.event.id)
  if (deferred.length === 0) return starts
  for (const id of deferred) await matchDeferredEvent(ctx, id)
  for (const [id, start] of await startEventRuns(ctx.tenant.db, deferred)) starts.set(id, start)
  return starts
}

/**
 * One tenant's run-event jobs, together: one statement claims every event's due runs and reads
 * the events and their leads, the actions run event by event, and one statement stores every
 * outcome, finishes the events and records the jobs' success. Each delayed action is handed to its
 * own job at its time. A job whose event is gone fails; one whose event is no longer processing
 * (a redelivery) has nothing to do.
 */
async function runTenantEvents(platform: Platform, clientCode: string, jobs: EventJob[]): Promise<(JobResult | Error)[]> {
  const ctx = await tenantContextFor(platform, clientCode)
  if (!ctx) {
    platform.logger.warn({ clientCode, eventLogIds: jobs.map((job) => job.data.eventLogId) }, 'events of a missing or suspended tenant not run')
    return jobs.map(() => undefined)
  }
  const starts = await startEvents(ctx, [...new Set(jobs.map((job) => job.data.eventLogId))])
  const toRun: ClaimedEventRuns[] = []
  const runJobIds: string[] = []
  const results: (JobResult | Error | 'run')[] = []
  const taken = new Set<string>()
  for (const job of jobs) {
    const start = starts.get(job.data.eventLogId)
    if (!start) {
      results.push(new Error(`event log ${job.data.eventLogId} not found`))
      continue
    }
    // Copies of one event's job in a claim: the first runs it, the others have nothing to do.
    if (start.event.status !== 'processing' || taken.has(start.event.id)) {
      results.push(undefined)
      continue
    }
    for (const run of start.later) {
      const jobId = await platform.jobs.enqueue(runActionJob, { clientCode, eventLogId: start.event.id, actionRunId: run.id }, { at: run.run_at })
      await markRunScheduled(ctx.tenant.db, run.id, jobId)
    }
    taken.add(start.event.id)
    toRun.push({ event: start.event, runs: start.claimed, lead: start.lead })
    if (job.id) runJobIds.push(job.id)
    results.push('run')
  }
  const ran = toRun.length > 0 ? await executeClaimedRuns(ctx, toRun, runJobIds) : undefined
  return results.map((result) => (result === 'run' ? ran : result))
}

/** The run-event jobs of one claim, tenant by tenant; each job's result in order. */
export async function runEvents(platform: Platform, jobs: EventJob[]): Promise<(JobResult | Error)[]> {
  const byTenant = new Map<string, number[]>()
  for (const [index, job] of jobs.entries()) byTenant.set(job.data.clientCode, [...(byTenant.get(job.data.clientCode) ?? []), index])
  const results: (JobResult | Error)[] = new Array(jobs.length)
  for (const [clientCode, indexes] of byTenant) {
    const tenantResults = await runTenantEvents(
      platform,
      clientCode,
      indexes.map((index) => jobs[index]!),
    )
    for (const [position, index] of indexes.entries()) results[index] = tenantResults[position]
  }
  return results
}

/**
 * Up to this many run-event jobs of one tenant share one claim-and-read and one outcome statement
 * (a claim takes the oldest due job's tenant, and that tenant's other due jobs). Their actions
 * run one after another, so a bigger batch saves statements under load at the cost of the last
 * event's wait; when there is no backlog a claim holds one or two jobs anyway.
 */
export const runEventBatch = { size: 32, groupBy: 'clientCode' as const, run: runEvents }

/** One run-event job (see runEvents). */
export async function runEvent(platform: Platform, data: z.output<typeof runEventJob.data>, job?: { id: string }): Promise<JobResult> {
  const [result] = await runEvents(platform, [{ id: job?.id, data }])
  if (result instanceof Error) throw result
  return result
}
