import { isUuid } from '../../../platform/database/uuid'
import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { deliveryExists, reopenDelivery, setNextAttemptJob } from './callbacks.repository'
import { scheduleCallbackAttempt } from './deliver-callback.job'

/**
 * Queues a settled delivery's next attempt now, through the same job as its retries: the body is the
 * stored one, the signature is made afresh by the attempt.
 */
export const resendCallbackOperation = defineTenantOperation('callbacks.resend', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const { deliveryId } = input
  const notFound = new AppError('CALLBACK_NOT_FOUND', `No callback delivery ${deliveryId}`)
  if (!isUuid(deliveryId)) throw notFound
  const reopened = await reopenDelivery(db, deliveryId)
  if (!reopened) {
    // Only a refused reopen asks why: none with that id, or one still pending.
    if (!(await deliveryExists(db, deliveryId))) throw notFound
    throw new AppError('CONFLICT', `Callback delivery ${deliveryId} is still pending: its next attempt is already queued`)
  }

  const attempt = reopened.attempts + 1
  const at = new Date()
  const jobId = await scheduleCallbackAttempt(ctx, { eventLogId: reopened.event_log_id, deliveryId, attempt }, at)
  await setNextAttemptJob(db, deliveryId, { jobId, at })
  return { deliveryId, eventLogId: reopened.event_log_id, attempt, jobId }
})
