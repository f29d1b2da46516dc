import { deliverCallbackJob } from '../../areas/callbacks/deliver-callback.job'
import { purgeExpiredApiKeysJob } from '../../areas/clients/purge-expired-api-keys.job'
import { consumeCrmEventsJob } from '../../areas/system-triggers/consume-crm-events.job'
import { detectNoContactJob } from '../../areas/system-triggers/detect-no-contact.job'
import { sweepSystemTriggersJob } from '../../areas/system-triggers/sweep-system-triggers.job'
import { runActionJob } from '../../areas/workflows/run-action.job'
import { runEventJob } from '../../areas/workflows/run-event.job'
import type { Platform } from '../platform'
import { purgeRequestGuardsJob } from '../request-guards/purge-request-guards.job'
import type { JobDefinition } from './job-definition'
import { purgeFinishedJobsJob } from './purge-finished-jobs.job'

/** Every job the workers run; a job missing here is never processed. */
export const allJobs: JobDefinition[] = [
  purgeExpiredApiKeysJob,
  purgeRequestGuardsJob,
  purgeFinishedJobsJob,
  runEventJob,
  runActionJob,
  deliverCallbackJob,
  consumeCrmEventsJob,
  sweepSystemTriggersJob,
  detectNoContactJob,
]

export async function registerJobs(platform: Platform, jobs: JobDefinition[] = allJobs): Promise<void> {
  for (const job of jobs) {
    platform.jobs.agenda.define(job.name, (agendaJob) => job.run(platform, (agendaJob.attrs.data ?? {}) as Record<string, unknown>), {
      removeOnComplete: job.removeOnComplete ?? false,
    })
  }
  for (const job of jobs) {
    if (job.every) await platform.jobs.agenda.every(job.every, job.name, {}, { skipImmediate: true })
  }
}
