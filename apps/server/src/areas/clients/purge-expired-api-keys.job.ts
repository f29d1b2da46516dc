import { z } from 'zod'
import { defineJob } from '../../platform/jobs/define-job'
import { clientsChanged } from './client-cache'
import { deleteKeysRetiredBefore } from './clients.repository'

/** Retired keys are kept this long after they stop working, for audits, then deleted. */
const KEEP_RETIRED_KEYS_DAYS = 30

/** Deletes every tenant's long-retired keys: a platform-wide sweep, so its data is empty. */
export const purgeExpiredApiKeysJob = defineJob({
  name: 'clients.purge-expired-api-keys',
  every: '1 hour',
  data: z.object({}),
  async run(platform) {
    const cutoff = new Date(Date.now() - KEEP_RETIRED_KEYS_DAYS * 24 * 3600 * 1000)
    await platform.db.transaction().execute(async (trx) => {
      const { purged, clientCodes } = await deleteKeysRetiredBefore(trx, cutoff)
      await clientsChanged(platform, trx, clientCodes)
      if (purged > 0) platform.logger.info({ purged }, 'purged retired API keys')
    })
  },
})
