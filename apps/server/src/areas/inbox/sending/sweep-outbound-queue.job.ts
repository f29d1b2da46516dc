import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job'
import { publishRealtime } from '../../../platform/realtime/publish'
import { activeTenantContexts } from '../../clients'
import { deleteEarlyStatusesBefore } from '../messages/early-statuses.repository'
import { toMessageView } from '../messages/message-view'
import { failInterruptedSends, nextOutboundDueAt } from '../messages/messages.repository'
import { wakeSender } from './wake-sender'

/** In flight this long, a message outlived its worker: Graph answers within 15 s, and claims wait at most seconds for their slots. */
const INTERRUPTED_AFTER_MS = 2 * 60_000
export const INTERRUPTED_TITLE = 'Interrupted: the server stopped while sending; not sent again, as WhatsApp may have it'
/** Kept this long, a status's wamid will not be stored: Meta names a message another app sent from the number. */
export const EARLY_STATUS_KEPT_MS = 24 * 3_600_000

/**
 * The safety net behind the wake-ups: fails messages whose worker stopped mid-send (never sent
 * twice), and wakes the sender of a queue whose wake-up was lost (a node stopped between a
 * message's commit and its enqueue). It also deletes the statuses kept for wamids that never
 * showed up (ADR 0020).
 */
export const sweepOutboundQueueJob = defineJob({
  name: 'inbox.sweep-outbound-queue',
  every: '1 minute',
  data: z.object({}),
  async run(platform) {
    for (const ctx of await activeTenantContexts(platform)) {
      try {
        const interrupted = await failInterruptedSends(ctx.tenant.db, new Date(Date.now() - INTERRUPTED_AFTER_MS), INTERRUPTED_TITLE)
        for (const row of interrupted) await publishRealtime(platform, ctx.tenant.clientCode, { type: 'message:status', data: toMessageView(row) })
        const due = await nextOutboundDueAt(ctx.tenant.db)
        if (due) await wakeSender(ctx, due)
        await deleteEarlyStatusesBefore(ctx.tenant.db, new Date(Date.now() - EARLY_STATUS_KEPT_MS))
      } catch (error) {
        platform.logger.error({ err: error, clientCode: ctx.tenant.clientCode, job: sweepOutboundQueueJob.name }, 'outbound queue sweep failed for a tenant')
      }
    }
  },
})
