import type { z } from 'zod'
import type { Platform } from '../../../platform/platform'
import { tenantContextFor } from '../../clients'
import { consumeCausedOutboxEvents } from './consume-outbox'
import type { runActionJob } from './event-jobs'
import { findEventLog } from './event-logs.repository'
import { executeRun } from './execute-run'
import { finishEventIfDone } from './finish-event'

/** The run-action job's work: one delayed action of an event, when its time comes; then finishes the event if it was the last. */
export async function runAction(platform: Platform, { clientCode, eventLogId, actionRunId }: z.output<typeof runActionJob.data>): Promise<void> {
  const ctx = await tenantContextFor(platform, clientCode)
  if (!ctx) return platform.logger.warn({ clientCode, eventLogId }, 'action of a missing or suspended tenant not run')
  const event = await findEventLog(ctx.tenant.db, eventLogId)
  if (!event) throw new Error(`event log ${eventLogId} not found`)
  if (event.status !== 'processing') return
  const { changedCrm } = await executeRun(ctx, event, actionRunId)
  await finishEventIfDone(ctx, eventLogId)
  if (changedCrm) await consumeCausedOutboxEvents(ctx)
}
