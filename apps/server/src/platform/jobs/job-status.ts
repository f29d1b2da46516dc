export interface JobRow {
  id: string
  name: string
  data: Record<string, unknown> | null
  next_run_at: Date | null
  locked_at: Date | null
  last_run_at: Date | null
  last_finished_at: Date | null
  failed_at: Date | null
  fail_count: number | null
  fail_reason: string | null
}

type JobState = 'queued' | 'processing' | 'completed' | 'failed'

export interface JobStatus {
  jobId: string
  name: string
  status: JobState
  attempts: number
  lastError: string | null
  scheduledFor: string | null
  lastRunAt: string | null
  finishedAt: string | null
  data: Record<string, unknown>
}

/** A job a worker holds is processing; one with a next run is queued; otherwise its last run's outcome. */
function stateOf(row: JobRow): JobState {
  if (row.locked_at) return 'processing'
  if (row.next_run_at) return 'queued'
  if (row.failed_at && (!row.last_finished_at || row.failed_at >= row.last_finished_at)) return 'failed'
  return row.last_finished_at ? 'completed' : 'queued'
}

/** Runs started: every failure is counted by the scheduler; a run under way or that succeeded adds one. */
function attemptsOf(row: JobRow, state: JobState): number {
  const failures = row.fail_count ?? 0
  return state === 'processing' || state === 'completed' ? failures + (row.last_run_at ? 1 : 0) : failures
}

const iso = (date: Date | null) => date?.toISOString() ?? null

export function jobStatusOf(row: JobRow): JobStatus {
  const status = stateOf(row)
  return {
    jobId: row.id,
    name: row.name,
    status,
    attempts: attemptsOf(row, status),
    lastError: row.fail_reason,
    scheduledFor: iso(row.next_run_at),
    lastRunAt: iso(row.last_run_at),
    finishedAt: iso(row.last_finished_at),
    data: row.data ?? {},
  }
}
