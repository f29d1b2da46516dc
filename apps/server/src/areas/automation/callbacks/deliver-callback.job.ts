import { z } from 'zod'
import { AppError } from '../../../platform/http/errors'
import { defineJob } from '../../../platform/jobs/define-job'
import { publishRealtime } from '../../../platform/realtime/publish'
import type { TenantContext } from '../../../platform/platform'
import { readSecrets, tenantContextFor } from '../../clients'
import { resolveCallbackTarget } from './callback-url'
import { claimAttempt, recordAttempt } from './callbacks.repository'
import { type PostOutcome, postCallback } from './post-callback'
import { callbackHeaders } from './sign-callback'

const deliverCallbackData = z.object({
  clientCode: z.string().min(1),
  /** For the job status route, which reports the event log a job works for. */
  eventLogId: z.string().min(1),
  deliveryId: z.string().min(1),
  /** Which attempt this job makes (1 = the first). */
  attempt: z.number().int().positive(),
})

// How long past its timeout an attempt's claim holds before a re-run of its job may take it over.
const LEASE_MARGIN_MS = 60_000

/** Queues attempt `attempt` of a delivery at `at`; the job's id. */
export function scheduleCallbackAttempt(ctx: TenantContext, attempt: Omit<z.input<typeof deliverCallbackData>, 'clientCode'>, at: Date) {
  return ctx.platform.jobs.enqueue(deliverCallbackJob, { clientCode: ctx.tenant.clientCode, ...attempt }, { at })
}

/** Signs and posts the body; every way it can go wrong is an outcome to record, not a throw. */
async function attemptDelivery(ctx: TenantContext, delivery: { id: string; url: string; body: string }): Promise<PostOutcome> {
  const { platform } = ctx
  const secrets = await readSecrets(platform, ctx.tenant.clientCode)
  const secret = secrets.automationWebhookSecret
  if (!secret) return { delivered: false, statusCode: null, error: 'the tenant has no automationWebhookSecret to sign with' }
  let target
  try {
    // Checked again now: the name may resolve elsewhere than at trigger time (DNS rebinding).
    target = await resolveCallbackTarget({ platform, url: delivery.url })
  } catch (error) {
    if (error instanceof AppError) return { delivered: false, statusCode: null, error: error.message }
    throw error
  }
  const timestamp = Math.floor(Date.now() / 1000)
  const headers = callbackHeaders({ deliveryId: delivery.id, body: delivery.body, secret, timestamp })
  return postCallback({ target, headers, body: delivery.body, timeoutMs: platform.config.callbackTimeoutMs })
}

/**
 * One attempt of a callback delivery. A 2xx delivers it; otherwise the next attempt is queued after
 * `callbackRetryScheduleMs[attempt - 1]`, and once the schedule is used up the delivery fails.
 */
export const deliverCallbackJob = defineJob({
  name: 'callbacks.deliver',
  data: deliverCallbackData,
  async run(platform, { clientCode, deliveryId, attempt }) {
    const ctx = await tenantContextFor(platform, clientCode)
    if (!ctx) return
    const { db } = ctx.tenant
    const { callbackTimeoutMs, callbackRetryScheduleMs } = platform.config
    const leaseUntil = new Date(Date.now() + callbackTimeoutMs + LEASE_MARGIN_MS)
    const delivery = await claimAttempt(db, deliveryId, attempt, leaseUntil)
    if (!delivery) return
    // For `ecodrix listen`, which re-posts it to a developer's local receiver.
    await publishRealtime(platform, clientCode, {
      type: 'callback:attempt',
      data: { deliveryId, eventLogId: delivery.event_log_id, attempt, url: delivery.url, body: delivery.body },
    })

    const started = performance.now()
    const outcome = await attemptDelivery(ctx, delivery)
    const record = { deliveryId, attempt, durationMs: Math.round(performance.now() - started), ...outcome }
    const finished = { finished_at: new Date(), next_attempt_at: null }
    if (outcome.delivered) return recordAttempt(db, record, { status: 'delivered', ...finished })

    const retryDelay = callbackRetryScheduleMs[attempt - 1]
    if (retryDelay === undefined) return recordAttempt(db, record, { status: 'failed', ...finished })
    const at = new Date(Date.now() + retryDelay)
    // Queued before the attempt is recorded: a crash in between leaves the retry, not a stuck delivery.
    const jobId = await scheduleCallbackAttempt(ctx, { eventLogId: delivery.event_log_id, deliveryId, attempt: attempt + 1 }, at)
    await recordAttempt(db, record, { next_attempt_at: at, job_id: jobId })
  },
})
