import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job'
import { jobRow } from '../../../platform/jobs/job-row'
import type { Platform } from '../../../platform/platform'
import { applyChange } from './apply-change'
import { claimDeliveryAttempt, markDeliveryFailed, markDeliveryProcessed, recordDeliveryRetry } from './webhook-deliveries.repository'
import { readDelivery } from './webhook-payload'

const applyDeliveryData = z.object({
  deliveryId: z.string().min(1),
  /** Which attempt this job makes (1 = the first). */
  attempt: z.number().int().positive(),
})

/** Attempt `attempt` of a delivery, as a job row due at `at` (stored in the statement that stores the delivery or its last attempt). */
export const applyDeliveryJobRow = (deliveryId: string, attempt: number, at = new Date()) =>
  jobRow(applyWebhookDeliveryJob, { deliveryId, attempt }, at)

async function failOrRetry(platform: Platform, deliveryId: string, attempt: number, error: unknown): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error)
  const delay = platform.config.whatsappWebhookRetryScheduleMs[attempt - 1]
  if (delay === undefined) {
    platform.logger.error({ err: error, deliveryId, attempts: attempt }, 'WhatsApp webhook delivery failed for good: not retried')
    return markDeliveryFailed(platform.db, deliveryId, `after ${attempt} attempts: ${reason}`)
  }
  platform.logger.warn({ err: error, deliveryId, attempt, retryInMs: delay }, 'applying a WhatsApp webhook delivery failed: retrying')
  await recordDeliveryRetry(platform.db, deliveryId, reason, applyDeliveryJobRow(deliveryId, attempt + 1, new Date(Date.now() + delay)))
}

/**
 * One attempt at applying a stored delivery to the tenants its changes are for. Applying is
 * idempotent (unique wamid, forward-only statuses), so a retry re-applies the changes that had
 * succeeded without doubling them; past `WHATSAPP_WEBHOOK_RETRY_SCHEDULE` the delivery is failed.
 */
export const applyWebhookDeliveryJob = defineJob({
  name: 'whatsapp.apply-webhook-delivery',
  data: applyDeliveryData,
  // Short and one per delivery: claimed in batches, and gone once done (the delivery row keeps the outcome).
  batchClaimed: true,
  removeOnComplete: true,
  async run(platform, { deliveryId, attempt }) {
    const delivery = await claimDeliveryAttempt(platform.db, deliveryId, attempt)
    if (!delivery) return
    const read = readDelivery(delivery.body)
    if (!read.ok) return markDeliveryFailed(platform.db, deliveryId, read.problem)
    try {
      for (const change of read.changes) await applyChange(platform, change, deliveryId)
    } catch (error) {
      return failOrRetry(platform, deliveryId, attempt, error)
    }
    await markDeliveryProcessed(platform.db, deliveryId)
  },
})
