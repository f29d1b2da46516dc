import type { TenantContext } from '../../../platform/platform'
import { awaitsRun, type EventLogRow, findEventLog, setEventJob } from './event-logs.repository'
import { runEventJob } from './event-jobs'
import { afterEventFinished, finishEventIfDone } from './finish-event'
import { type RecordedEvent, recordEvent, type StartEventInput } from './record-event'
import type { AllowanceTaken } from '../../../platform/request-guards/rate-limit-windows'

/** A new run-event job for the event, at its `run_at`, noted on the event; answers its id. */
async function enqueueEventRun(ctx: TenantContext, event: EventLogRow): Promise<string> {
  const jobId = await ctx.platform.jobs.enqueue(runEventJob, { clientCode: ctx.tenant.clientCode, eventLogId: event.id }, { at: event.run_at })
  await setEventJob(ctx.tenant.db, event.id, jobId)
  return jobId
}

export interface StartedEvent {
  eventLogId: string
  leadId: string | null
  rulesMatched: number
  scheduled: boolean
  jobId: string | null
  /** What the request left of the rate-limit allowance it drew on, if it drew on one. */
  allowance?: AllowanceTaken
}

/**
 * Hands a recorded event without its job yet to one (at its `run_at` when delayed), or, when it
 * finished at once (nothing matched, or refused), sends its callback. Call after the commit.
 */
export async function dispatchEvent(ctx: TenantContext, event: RecordedEvent): Promise<StartedEvent> {
  let jobId = event.job_id
  if (!awaitsRun(event.status)) {
    await afterEventFinished(ctx, event)
  } else if (!jobId) {
    jobId = await enqueueEventRun(ctx, event)
  }
  const started = { eventLogId: event.id, leadId: event.lead_id, rulesMatched: event.rules_matched, scheduled: event.status === 'scheduled', jobId }
  return event.allowance ? { ...started, allowance: event.allowance } : started
}

/**
 * An event whose job ended without moving it on (a worker that lost its database mid-run, a job
 * failed before it claimed anything): finished when no run is left open, else given a new job.
 * Runs are claimed with guarded updates and the finish is guarded, so nothing happens twice.
 */
export async function resumeStalledEvent(ctx: TenantContext, event: EventLogRow): Promise<void> {
  const job = event.job_id ? await ctx.platform.jobs.status(event.job_id) : undefined
  if (job?.status === 'queued' || job?.status === 'processing') return
  await finishEventIfDone(ctx, event.id)
  const current = await findEventLog(ctx.tenant.db, event.id)
  if (current && awaitsRun(current.status)) await enqueueEventRun(ctx, current)
}

/** The one way any trigger starts: event log, action runs and job in one statement (see recordEvent). */
export async function startEvent({ ctx, input }: { ctx: TenantContext; input: StartEventInput }): Promise<StartedEvent> {
  const event = await recordEvent(ctx.tenant.db, ctx, input)
  return dispatchEvent(ctx, event)
}
