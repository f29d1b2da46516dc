import type { JobDefinition } from '../../platform/jobs/job-definition'
import { findEventsWithoutJob } from '../workflows/event-logs.repository'
import { dispatchEvent } from '../workflows/start-event.service'
import { consumeCrmEvents } from './consume-crm-events'
import { hasUnconsumedCrmEvents } from './crm-events.repository'
import { forEachTenant } from './for-each-tenant'

const SWEEP_JOB = 'system-triggers.sweep'
/** An event this old without a job lost it (its node stopped between commit and enqueue). */
const ORPHAN_AFTER_MS = 60_000

/**
 * The safety net behind the wake-ups: consumes outbox events no wake-up reached (bulk writes, a
 * node that stopped after its commit) and hands events that never got their job to one.
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
    })
  },
}
