import { purgeExpiredApiKeysJob } from '../../areas/clients/purge-expired-api-keys.job'
import type { Platform } from '../platform'
import type { JobDefinition } from './job-definition'

/** Every job the workers run; a job missing here is never processed. */
export const allJobs: JobDefinition[] = [purgeExpiredApiKeysJob]

export async function registerJobs(platform: Platform, jobs: JobDefinition[] = allJobs): Promise<void> {
  for (const job of jobs) {
    platform.jobs.agenda.define(job.name, (agendaJob) => job.run(platform, (agendaJob.attrs.data ?? {}) as Record<string, unknown>))
  }
  for (const job of jobs) {
    if (job.every) await platform.jobs.agenda.every(job.every, job.name, {}, { skipImmediate: true })
  }
}
