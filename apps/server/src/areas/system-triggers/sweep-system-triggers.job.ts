import type { JobDefinition } from '../../platform/jobs/job-definition'
import { failInterruptedRuns } from '../workflows/action-runs.repository'
import { findEventsWithoutJob } from '../workflows/event-logs.repository'
import { finishEventIfDone } from '../workflows/finish-event'
import { dispatchEvent } from '../workflows/start-event.service'
import { consumeCrmEvents } from './consume-crm-events'
import { hasUnconsumedCrmEvents } from './crm-events.repository'
import { forEachTenant } from './for-each-tenant'

const SWEEP_JOB = 'system-triggers.sweep'
/** An event this old without a job lost it (its node stopped between commit and enqueue). */
const ORPHAN_AFTER_MS = 60_000
/** A run `running` this long outlived its worker (actions time out well before; job locks last 10 min). */
export const INTERRUPTED_AFTER_MS = 15 * 60_000
export const INTERRUPTED_REASON = 'Interrupted: the worker stopped while the action ran; not retried, as it may have happened'

/**
 * The safety net behind the wake-ups: consumes outbox events no wake-up reached (bulk writes, a
 * node that stopped after its commit), hands events that never got their job to one, and fails
 * runs whose worker stopped mid-action so their events finish (and send their callbacks).
 */
export const sweepSystemTriggersJob: JobDefinition = {
  name: SWEEP_JOB,
  every: '1 minute',
  async run(platform) {
    await forEachTenant(platform, SWEEP_JOB, async (ctx) => {
      if (await hasUnconsumedCrmEvents(ctx.tenant.db)) await consumeCrmEvents(ctx)
      for (const event of await findEventsWithoutJob(ctx.tenant.db, new Date(Date.now() - ORPHAN_AFTER_MS), 100)) {
        await dispatchEvent(ctx, event)
      }
      const interrupted = await failInterruptedRuns(ctx.tenant.db, new Date(Date.now() - INTERRUPTED_AFTER_MS), INTERRUPTED_REASON)
      for (const eventLogId of interrupted) await finishEventIfDone(ctx, eventLogId)
    })
  },
}
