import { z } from 'zod'
import { defineJob } from '../jobs/define-job'
import { deleteExpiredKeys } from './idempotency-keys'
import { deleteEndedWindows } from './rate-limit-windows'

/** Expired idempotency keys and ended rate-limit windows are dead rows; this keeps both tables small. */
export const purgeRequestGuardsJob = defineJob({
  name: 'request-guards.purge',
  every: '1 hour',
  data: z.object({}),
  async run(platform) {
    const [keys, windows] = await Promise.all([deleteExpiredKeys(platform.db), deleteEndedWindows(platform.db)])
    if (keys + windows > 0) platform.logger.info({ keys, windows }, 'purged expired request guards')
  },
})
