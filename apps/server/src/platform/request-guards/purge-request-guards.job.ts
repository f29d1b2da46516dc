import type { JobDefinition } from '../jobs/job-definition'
import type { Platform } from '../platform'
import { deleteExpiredKeys } from './idempotency-keys'
import { deleteEndedWindows } from './rate-limit-windows'

/** Expired idempotency keys and ended rate-limit windows are dead rows; this keeps both tables small. */
export const purgeRequestGuardsJob: JobDefinition = {
  name: 'request-guards.purge',
  every: '1 hour',
  async run(platform: Platform) {
    const [keys, windows] = await Promise.all([deleteExpiredKeys(platform.db), deleteEndedWindows(platform.db)])
    if (keys + windows > 0) platform.logger.info({ keys, windows }, 'purged expired request guards')
  },
}
