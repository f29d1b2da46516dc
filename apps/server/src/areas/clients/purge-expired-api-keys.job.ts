import type { Platform } from '../../platform/platform'
import type { JobDefinition } from '../../platform/jobs/job-definition'

/** Retired keys are kept this long after they stop working, for audits, then deleted. */
const KEEP_RETIRED_KEYS_DAYS = 30

export const purgeExpiredApiKeysJob: JobDefinition = {
  name: 'clients.purge-expired-api-keys',
  every: '1 hour',
  async run(platform: Platform) {
    const cutoff = new Date(Date.now() - KEEP_RETIRED_KEYS_DAYS * 24 * 3600 * 1000)
    const result = await platform.db.deleteFrom('api_keys').where('expires_at', '<', cutoff).executeTakeFirst()
    const purged = Number(result.numDeletedRows)
    if (purged > 0) platform.logger.info({ purged }, 'purged retired API keys')
  },
}
