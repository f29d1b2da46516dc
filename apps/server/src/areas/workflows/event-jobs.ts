import { randomUUID } from 'node:crypto'
import type { NewJobRow } from '../../platform/jobs/job-row'
import type { Platform } from '../../platform/platform'

export const RUN_EVENT_JOB = 'workflows.run-event'
export const RUN_ACTION_JOB = 'workflows.run-action'

export interface RunEventJobData {
  clientCode: string
  eventLogId: string
}

export interface RunActionJobData extends RunEventJobData {
  actionRunId: string
}

/** Queues a job now, or at `at` when that is later; returns its id. */
async function enqueue(platform: Platform, name: string, data: RunEventJobData, at?: Date): Promise<string> {
  const { agenda } = platform.jobs
  const job = at && at.getTime() > Date.now() ? await agenda.schedule(at, name, data) : await agenda.now(name, data)
  return String(job.attrs._id)
}

export const enqueueEventRun = (platform: Platform, data: RunEventJobData, at?: Date) => enqueue(platform, RUN_EVENT_JOB, data, at)

export const enqueueActionRun = (platform: Platform, data: RunActionJobData, at: Date) => enqueue(platform, RUN_ACTION_JOB, data, at)

/** The run-event job as a row to enqueue in the statement that records the event. */
export const eventRunJobRow = (data: RunEventJobData, runAt: Date): NewJobRow => ({ id: randomUUID(), name: RUN_EVENT_JOB, data: { ...data }, runAt })
