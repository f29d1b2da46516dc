import type { JobDefinition } from '../../platform/jobs/job-definition'
import type { Platform } from '../../platform/platform'
import { consumeCausedCrmEvents } from '../system-triggers/consume-crm-events'
import { findEventLog } from './event-logs.repository'
import { RUN_ACTION_JOB } from './event-jobs'
import { executeRun } from './execute-run'
import { finishEventIfDone } from './finish-event'
import { jobField, tenantContextFor } from './job-tenant'

/** Runs one delayed action of an event when its time comes, then finishes the event if it was the last. */
export const runActionJob: JobDefinition = {
  name: RUN_ACTION_JOB,
  async run(platform: Platform, data) {
    const clientCode = jobField(data, 'clientCode')
    const eventLogId = jobField(data, 'eventLogId')
    const actionRunId = jobField(data, 'actionRunId')
    const ctx = await tenantContextFor(platform, clientCode)
    if (!ctx) return platform.logger.warn({ clientCode, eventLogId }, 'action of a missing or suspended tenant not run')
    const event = await findEventLog(ctx.tenant.db, eventLogId)
    if (!event) throw new Error(`event log ${eventLogId} not found`)
    if (event.status !== 'processing') return
    const { changedCrm } = await executeRun(ctx, event, actionRunId)
    await finishEventIfDone(ctx, eventLogId)
    if (changedCrm) await consumeCausedCrmEvents(ctx)
  },
}
