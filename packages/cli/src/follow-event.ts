import { setTimeout as sleep } from 'node:timers/promises'
import type { EcodrixTenantClient } from '@ecodrix/sdk'
import { clearProgress, line, paint, progress, status } from './output'

const FINISHED_EVENT = new Set(['completed', 'partial', 'failed'])
const FINISHED_ACTION = new Set(['ok', 'failed', 'skipped'])

type EventLog = Awaited<ReturnType<typeof readLog>>
type ActionRun = EventLog['actions'][number]

const readLog = (erix: EcodrixTenantClient, logId: string) => erix.GET('/api/saas/events/logs/{logId}', { params: { path: { logId } } })

function describeAction(run: ActionRun): string {
  const why = run.reason ? ` — ${run.reason}` : ''
  return `  ${status(run.status)} ${run.type} (${run.ruleName})${why}`
}

/**
 * Polls the event log until the event has finished, printing each action once it has its outcome;
 * the finished log, or undefined when `timeoutMs` ran out first.
 */
export async function followEvent(erix: EcodrixTenantClient, logId: string, { timeoutMs, intervalMs = 500 }: { timeoutMs: number; intervalMs?: number }) {
  const printed = new Set<string>()
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const log = await readLog(erix, logId)
    for (const run of log.actions) {
      if (!FINISHED_ACTION.has(run.status) || printed.has(run.id)) continue
      printed.add(run.id)
      clearProgress()
      line(describeAction(run))
    }
    if (FINISHED_EVENT.has(log.status)) {
      clearProgress()
      return log
    }
    if (Date.now() > deadline) {
      clearProgress()
      return undefined
    }
    progress(`event ${logId} ${log.status}, ${printed.size}/${log.actions.length} actions done…`)
    await sleep(intervalMs)
  }
}

/** The closing line of a followed event. */
export function describeOutcome(log: EventLog): string {
  const error = log.error ? ` — ${log.error}` : ''
  return `${paint('bold', `event ${log.id}`)} ${status(log.status)}${error}`
}
