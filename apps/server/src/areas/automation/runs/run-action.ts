import type { z } from 'zod'
import type { Platform } from '../../../platform/platform'
import { tenantContextFor } from '../../clients'
import { findLead } from '../../crm'
import { claimRun } from './action-runs.repository'
import type { runActionJob } from './event-jobs'
import { findEventLog } from './event-logs.repository'
import { executeClaimedRuns } from './execute-run'

/**
 * The run-action job's work: one delayed action of an event, when its time comes, if this delivery
 * claims it; its outcome stored with the event's finish when it was the last.
 */
export async function runAction(
  platform: Platform,
  { clientCode, eventLogId, actionRunId }: z.output<typeof runActionJob.data>,
  job?: { id: string },
): Promise<void | 'completed'> {
  const ctx = await tenantContextFor(platform, clientCode)
  if (!ctx) return platform.logger.warn({ clientCode, eventLogId }, 'action of a missing or suspended tenant not run')
  const event = await findEventLog(ctx.tenant.db, eventLogId)
  if (!event) throw new Error(`event log ${eventLogId} not found`)
  if (event.status !== 'processing') return
  const run = await claimRun(ctx.tenant.db, actionRunId)
  const lead = run && event.lead_id ? ((await findLead(ctx.tenant.db, event.lead_id)) ?? null) : null
  return executeClaimedRuns(ctx, [{ event, runs: run ? [run] : [], lead }], job ? [job.id] : [])
}
