import { defineJob } from '../../../platform/jobs/define-job'
import { tenantContextFor } from '../../clients'
import { feederJob } from './feeder-job'
import { feedBroadcasts } from './feed-broadcasts'

/** Woken when a broadcast is accepted or starts (and by itself while one is under way). */
export const feedBroadcastsJob = defineJob({
  ...feederJob,
  removeOnComplete: true,
  async run(platform, { clientCode }) {
    const ctx = await tenantContextFor(platform, clientCode)
    if (ctx) await feedBroadcasts(ctx)
  },
})
