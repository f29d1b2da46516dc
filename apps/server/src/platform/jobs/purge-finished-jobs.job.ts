import { z } from 'zod'
import { defineJob } from './define-job'

/** One-off jobs stay readable (job status) for `config.jobRetentionMs` after they finish, then go. */
export const purgeFinishedJobsJob = defineJob({
  name: 'jobs.purge-finished',
  every: '1 hour',
  data: z.object({}),
  async run(platform) {
    const purged = await platform.jobs.purgeFinished(new Date(Date.now() - platform.config.jobRetentionMs))
    if (purged > 0) platform.logger.info({ purged }, 'purged finished jobs')
  },
})
