import { isUuid } from '../../platform/database/uuid'
import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { findTenantJob, type JobRow } from './jobs.repository'

type JobStatus = 'queued' | 'processing' | 'completed' | 'failed'

/** A job a worker holds is processing; one with a next run is queued; otherwise its last run's outcome. */
function statusOf(row: JobRow): JobStatus {
  if (row.locked_at) return 'processing'
  if (row.next_run_at) return 'queued'
  if (row.failed_at && (!row.last_finished_at || row.failed_at >= row.last_finished_at)) return 'failed'
  return row.last_finished_at ? 'completed' : 'queued'
}

/** Runs started: every failure is counted by the scheduler; a run under way or that succeeded adds one. */
function attemptsOf(row: JobRow, status: JobStatus): number {
  const failures = row.fail_count ?? 0
  return status === 'processing' || status === 'completed' ? failures + (row.last_run_at ? 1 : 0) : failures
}

const iso = (date: Date | null) => date?.toISOString() ?? null

/** Where one of the tenant's background jobs is. Other tenants' and malformed ids are simply not found. */
export async function getJobStatus({ ctx, input }: { ctx: TenantContext; input: { jobId: string } }) {
  const row = isUuid(input.jobId) ? await findTenantJob(ctx.platform.db, input.jobId, ctx.tenant.clientCode) : undefined
  if (!row) throw new AppError('JOB_NOT_FOUND', `No job ${input.jobId}`)
  const status = statusOf(row)
  const eventLogId = row.data?.eventLogId
  return {
    jobId: row.id,
    name: row.name,
    status,
    attempts: attemptsOf(row, status),
    lastError: row.fail_reason,
    scheduledFor: iso(row.next_run_at),
    lastRunAt: iso(row.last_run_at),
    finishedAt: iso(row.last_finished_at),
    eventLogId: typeof eventLogId === 'string' ? eventLogId : null,
  }
}
