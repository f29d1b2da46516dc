import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job'
import { applyWebhookDeliveryJob } from './apply-webhook-delivery.job'
import { listOverdueDeliveries, markDeliveryFailed } from './webhook-deliveries.repository'

/** Past the whole retry schedule and this margin, a pending delivery has lost its job. */
const OVERDUE_MARGIN_MS = 5 * 60_000
const BATCH = 100

/**
 * The safety net behind the in-statement enqueue: a delivery still pending long after its attempts
 * should have ended lost its job (its worker stopped mid-attempt, or queueing a retry failed). It
 * gets its next attempt, or is failed once none is left.
 */
export const sweepWebhookDeliveriesJob = defineJob({
  name: 'whatsapp.sweep-webhook-deliveries',
  every: '1 minute',
  data: z.object({}),
  async run(platform) {
    const schedule = platform.config.whatsappWebhookRetryScheduleMs
    const overdueAfter = schedule.reduce((sum, delay) => sum + delay, 0) + OVERDUE_MARGIN_MS
    for (const delivery of await listOverdueDeliveries(platform.db, new Date(Date.now() - overdueAfter), BATCH)) {
      const attempt = delivery.attempts + 1
      platform.logger.warn({ deliveryId: delivery.id, attempt }, 'WhatsApp webhook delivery lost its job')
      if (attempt > schedule.length + 1) await markDeliveryFailed(platform.db, delivery.id, 'its attempts ended without an outcome')
      else await platform.jobs.enqueue(applyWebhookDeliveryJob, { deliveryId: delivery.id, attempt })
    }
  },
})
