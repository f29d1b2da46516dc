import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job'
import { activeTenantContexts } from '../../clients'
import { nextBroadcastStartAt } from './broadcasts.repository'
import { wakeFeeder } from './wake-feeder'

/** The safety net behind the feeder's wake-ups: a node that stopped between a broadcast's commit and its enqueue. */
export const sweepBroadcastsJob = defineJob({
  name: 'inbox.sweep-broadcasts',
  every: '1 minute',
  data: z.object({}),
  async run(platform) {
    for (const ctx of await activeTenantContexts(platform)) {
      try {
        const next = await nextBroadcastStartAt(ctx.tenant.db)
        if (next) await wakeFeeder(ctx, next)
      } catch (error) {
        platform.logger.error({ err: error, clientCode: ctx.tenant.clientCode, job: sweepBroadcastsJob.name }, 'broadcast sweep failed for a tenant')
      }
    }
  },
})
