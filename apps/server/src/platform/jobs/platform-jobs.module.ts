import type { Module } from '../module'
import { purgeRequestGuardsJob } from '../request-guards/purge-request-guards.job'
import { purgeFinishedJobsJob } from './purge-finished-jobs.job'

/** The platform's own housekeeping jobs, listed like any module's. */
export const platformJobsModule: Module = {
  name: 'platform',
  jobs: [purgeFinishedJobsJob, purgeRequestGuardsJob],
}
