import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { EventSource, EventStatus, TenantTables } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import { jobRow } from '../../../platform/jobs/job-row'
import { type Allowance, allowanceLeft, allowanceRefusal, type AllowanceTaken, takeAllowance } from '../../../platform/request-guards/rate-limit-windows'
import { findLead, type LeadRow } from '../../crm'
import { runEventJob } from './event-jobs'
import { awaitsRun, type EventLogRow, insertEventLog, type NewEventLog } from './event-logs.repository'
import { toEventPayload } from './event-payload'
import { planActionRuns } from './plan-action-runs'

export interface StartEventInput {
  trigger: string
  source: EventSource
  leadId: string | null
  /** The lead row when the caller has just read it (saves reading it again). */
  lead?: LeadRow | undefined
  /** Default to the lead's. */
  phone?: string | null | undefined
  email?: string | null | undefined
  variables?: Record<string, unknown> | undefined
  data?: Record<string, unknown> | undefined
  /** Kept in the payload with variables and data (meetConfig, leadData…). */
  extra?: Record<string, unknown> | undefined
  meetLink?: string | null | undefined
  meetWarning?: string | null | undefined
  callbackUrl?: string | null | undefined
  callbackMetadata?: Record<string, unknown> | undefined
  delayMinutes?: number | undefined
  /** Automation chain depth (0 for API callers). */
  depth?: number | undefined
  crmEventId?: string | undefined
  /** Records the event as failed, matching nothing (the loop guard's refusal). */
  refusal?: string | undefined
  /** The rate-limit allowance the request draws on: taken with the write, refused with 429 past it. */
  allowance?: Allowance | undefined
}

/** A written event, with what its request left of the allowance it drew on. */
export type RecordedEvent = EventLogRow & { allowance?: AllowanceTaken }

/**
 * Writes the event log and, unless delayed or refused, the runs of the rules it matches, in one
 * statement (inside the caller's transaction when `db` is one). A delayed event is `scheduled` and
 * matched by its job; an event with nothing to run is finished at once. An event to run gets its job
 * in the same statement when the tenant's schema shares the job queue's database (otherwise
 * `dispatchEvent` enqueues it after the commit).
 */
export async function recordEvent(db: Kysely<TenantTables>, ctx: TenantContext, input: StartEventInput): Promise<RecordedEvent> {
  const { tenant } = ctx
  const id = randomUUID()
  const now = new Date()
  const runAt = new Date(now.getTime() + (input.delayMinutes ?? 0) * 60_000)
  const lead = input.lead ?? (input.leadId ? await findLead(db, input.leadId) : undefined) ?? null
  const variables = input.variables ?? {}
  const data = input.data ?? {}
  const deferred = runAt > now && !input.refusal
  const plan =
    input.refusal || deferred ? { rulesMatched: 0, runs: [] } : await planActionRuns(ctx, id, { trigger: input.trigger, variables, data, lead }, now, db)
  const status: EventStatus = input.refusal ? 'failed' : deferred ? 'scheduled' : plan.runs.length > 0 ? 'processing' : 'completed'
  const event: NewEventLog = {
    id,
    trigger: input.trigger,
    source: input.source,
    status,
    phone: input.phone ?? lead?.phone ?? null,
    email: input.email ?? lead?.email ?? null,
    lead_id: lead?.id ?? null,
    payload: toEventPayload(input.extra ?? {}, variables, data),
    rules_matched: plan.rulesMatched,
    meet_link: input.meetLink ?? null,
    meet_warning: input.meetWarning ?? null,
    callback_url: input.callbackUrl ?? null,
    callback_metadata: input.callbackMetadata ? JSON.stringify(input.callbackMetadata) : null,
    depth: input.depth ?? 0,
    crm_event_id: input.crmEventId ?? null,
    run_at: runAt,
    error: input.refusal ?? null,
    completed_at: status === 'completed' || status === 'failed' ? now : null,
  }
  const job = tenant.sharesJobQueueDatabase && awaitsRun(status) ? jobRow(runEventJob, { clientCode: tenant.clientCode, eventLogId: id }, runAt) : undefined
  const { allowance } = input
  // A schema on the control database takes the allowance in the event's own statement.
  if (!allowance || !tenant.sharesJobQueueDatabase) {
    const taken = allowance && (await takeAllowance(ctx.platform.db, allowance))
    return { ...(await insertEventLog(db, event, plan.runs, job)), ...(taken ? { allowance: taken } : {}) }
  }
  const { allowance_count, allowance_reset, ...written } = await insertEventLog(db, event, plan.runs, job, allowance).catch((error: unknown) => {
    throw allowanceRefusal(error, allowance) ?? error
  })
  return { ...written, allowance: allowanceLeft(allowance, allowance_count!, allowance_reset!) }
}
