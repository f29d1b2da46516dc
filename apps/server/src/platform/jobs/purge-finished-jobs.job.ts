import { sql } from 'kysely'
import type { Platform } from '../platform'
import type { JobDefinition } from './job-definition'
import { JOBS_TABLE } from './jobs'

const BATCH = 5_000

/**
 * Deletes one batch of one-off jobs that finished (succeeded or failed) before `before`; repeating
 * jobs, and jobs waiting or running, are never touched. Batches keep each delete's locks short.
 */
async function deleteFinishedJobs(platform: Platform, before: Date): Promise<number> {
  const result = await sql`
    delete from ${sql.table(JOBS_TABLE)} where id in (
      select id from ${sql.table(JOBS_TABLE)}
      where type = 'normal' and repeat_interval is null and next_run_at is null and locked_at is null
        and last_finished_at < ${before}
      limit ${BATCH}
    )`.execute(platform.db)
  return Number(result.numAffectedRows ?? 0)
}

/** One-off jobs stay readable (job status) for `config.jobRetentionMs` after they finish, then go. */
export const purgeFinishedJobsJob: JobDefinition = {
  name: 'jobs.purge-finished',
  every: '1 hour',
  async run(platform) {
    const before = new Date(Date.now() - platform.config.jobRetentionMs)
    let purged = 0
    for (;;) {
      const deleted = await deleteFinishedJobs(platform, before)
      purged += deleted
      if (deleted < BATCH) break
    }
    if (purged > 0) platform.logger.info({ purged }, 'purged finished jobs')
  },
}
