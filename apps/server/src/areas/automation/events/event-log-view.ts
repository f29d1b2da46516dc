import type { Selectable } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { ActionRunRow } from '../runs/action-runs.repository'
import type { EventLogRow } from '../runs/event-logs.repository'
import { fromEventPayload } from '../runs/event-payload'

type DeliveryRow = Selectable<TenantTables['callback_deliveries']>
type AttemptRow = Selectable<TenantTables['callback_attempts']>

const iso = (date: Date | null) => date?.toISOString() ?? null

/** An event log as the list shows it. */
export function toEventLogView(row: EventLogRow) {
  return {
    id: row.id,
    trigger: row.trigger,
    source: row.source,
    status: row.status,
    phone: row.phone,
    email: row.email,
    leadId: row.lead_id,
    rulesMatched: row.rules_matched,
    meetLink: row.meet_link,
    meetWarning: row.meet_warning,
    depth: row.depth,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    completedAt: iso(row.completed_at),
    runAt: row.run_at.toISOString(),
  }
}

function toActionRunView(run: ActionRunRow) {
  return {
    id: run.id,
    ruleId: run.rule_id,
    ruleName: run.rule_name,
    position: run.position,
    type: run.type,
    config: run.config,
    delayMinutes: run.delay_minutes,
    status: run.status,
    reason: run.reason,
    result: run.result,
    jobId: run.job_id,
    runAt: run.run_at.toISOString(),
    attempts: run.attempts,
    startedAt: iso(run.started_at),
    finishedAt: iso(run.finished_at),
  }
}

function toCallbackView({ delivery, attempts }: { delivery: DeliveryRow; attempts: AttemptRow[] }) {
  return {
    id: delivery.id,
    url: delivery.url,
    status: delivery.status,
    body: delivery.body,
    nextAttemptAt: iso(delivery.next_attempt_at),
    jobId: delivery.job_id,
    createdAt: delivery.created_at.toISOString(),
    finishedAt: iso(delivery.finished_at),
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      status: attempt.status,
      statusCode: attempt.status_code,
      durationMs: attempt.duration_ms,
      error: attempt.error,
      createdAt: attempt.created_at.toISOString(),
    })),
  }
}

/** One event log with what it carried, each action's run and its callback. */
export function toEventLogDetailView(
  row: EventLogRow,
  runs: ActionRunRow[],
  callback: { delivery: DeliveryRow; attempts: AttemptRow[] } | undefined,
) {
  return {
    ...toEventLogView(row),
    payload: (({ extra, variables, data }) => ({ ...extra, variables, data }))(fromEventPayload(row.payload)),
    callbackUrl: row.callback_url,
    callbackMetadata: row.callback_metadata,
    jobId: row.job_id,
    actions: runs.map(toActionRunView),
    callback: callback ? toCallbackView(callback) : null,
  }
}
