import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job'
import { hasUnconsumedOutboxEvents } from '../../../platform/outbox/outbox.repository'
import { failInterruptedRuns } from '../runs/action-runs.repository'
import { consumeOutbox } from '../runs/consume-outbox'
import { findEventsWithoutJob, findStalledEvents } from '../runs/event-logs.repository'
import { finishEventIfDone } from '../runs/finish-event'
import { dispatchEvent, resumeStalledEvent } from '../runs/start-event.service'
import { forEachTenant } from './for-each-tenant'

/** An event this old without a job lost it (its node stopped between commit and enqueue); one whose job ended this long ago without moving it on, stalled. */
const ORPHAN_AFTER_MS = 60_000
/** A run `running` this long outlived its worker (actions time out well before; job locks last 10 min). */
export const INTERRUPTED_AFTER_MS = 15 * 60_000
export const INTERRUPTED_REASON = 'Interrupted: the worker stopped while the action ran; not retried, as it may have happened'

/**
 * The safety net behind the wake-ups: consumes outbox events no wake-up reached (bulk writes, a
 * node that stopped after its commit), hands events that never got their job to one, resumes events
 * whose job ended without moving them on, and fails runs whose worker stopped mid-action so their
 * events finish (and send their callbacks).
 */
export const sweepSystemTriggersJob = defineJob({
  name: 'system-triggers.sweep',
  every: '1 minute',
  data: z.object({}),
  async run(platform) {
    await forEachTenant(platform, sweepSystemTriggersJob.name, async (ctx) => {
      if (await hasUnconsumedOutboxEvents(ctx.tenant.db)) await consumeOutbox(ctx)
      for (const event of await findEventsWithoutJob(ctx.tenant.db, new Date(Date.now() - ORPHAN_AFTER_MS), 100)) {
        await dispatchEvent(ctx, event)
      }
      for (const event of await findStalledEvents(ctx.tenant.db, new Date(Date.now() - ORPHAN_AFTER_MS), 100)) {
        await resumeStalledEvent(ctx, event)
      }
      const interrupted = await failInterruptedRuns(ctx.tenant.db, new Date(Date.now() - INTERRUPTED_AFTER_MS), INTERRUPTED_REASON)
      for (const eventLogId of interrupted) await finishEventIfDone(ctx, eventLogId)
    })
  },
})
