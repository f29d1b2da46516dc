// What the engine did with the bench's triggers, read in SQL from the tenants' event logs and
// outboxes (schema tenant_<clientCode>) over the bench's monitor connection, not through the API:
// asking the API would add its work to the figures being measured. Each read is one statement over
// all tenants.
import type { MonitorConnection } from './monitor-connection'

const AWAITING = `status in ('scheduled', 'processing')`
const FINAL_STATUSES = ['completed', 'partial', 'failed'] as const

export type Finished = Record<(typeof FINAL_STATUSES)[number], number>
export const finishedTotal = (finished: Finished) => finished.completed + finished.partial + finished.failed

export interface EventLogReads {
  /** Events accepted and not yet final (one small partial index per tenant). */
  backlog(): Promise<number>
  /** CRM changes the engine has not consumed yet (the import's lead_created rows, the actions' own changes). */
  unconsumedOutbox(): Promise<number>
  /** WhatsApp messages the rules queued that the sandbox has not yet sent and reported read: work left after the events are final. */
  unfinishedSends(): Promise<number>
  /** Events created since `since` that reached a final status, by status. */
  finishedSince(since: Date): Promise<Finished>
  /** Milliseconds from each event's creation since `since` to its add_tag run's end, sorted. */
  addTagLatencies(since: Date): Promise<number[]>
  /** The database's clock, the one event logs are stamped with. */
  now(): Promise<Date>
}

export function createEventLogReads(monitor: MonitorConnection, clientCodes: string[]): EventLogReads {
  const schemas = clientCodes.map((code) => {
    if (!/^[a-z0-9_]+$/.test(code)) throw new Error(`unexpected client code ${code}`)
    return `tenant_${code}`
  })
  const sum = async (name: string, perTenant: (schema: string) => string) => {
    const [row] = await monitor.query<{ count: string }>(`select ${schemas.map((schema) => `(${perTenant(schema)})`).join(' + ')} as count`, [], name)
    return Number(row!.count)
  }
  const finalStatuses = schemas.map(
    (schema) => `select status from ${schema}.event_logs where status in (${FINAL_STATUSES.map((status) => `'${status}'`).join(', ')}) and created_at >= $1`,
  )
  return {
    backlog: () => sum('bench_backlog', (schema) => `select count(*) from ${schema}.event_logs where ${AWAITING}`),
    unconsumedOutbox: () => sum('bench_outbox', (schema) => `select count(*) from ${schema}.crm_events where consumed_at is null`),
    unfinishedSends: () =>
      sum('bench_sends', (schema) => `select count(*) from ${schema}.messages where direction = 'outbound' and status in ('queued', 'sent', 'delivered')`),
    async finishedSince(since) {
      const rows = await monitor.query<{ status: keyof Finished; count: string }>(
        `select status, count(*) from (${finalStatuses.join(' union all ')}) as finished group by status`,
        [since],
        'bench_finished',
      )
      const finished: Finished = { completed: 0, partial: 0, failed: 0 }
      for (const row of rows) finished[row.status] = Number(row.count)
      return finished
    },
    async addTagLatencies(since) {
      const perTenant = schemas.map(
        (schema) => `select extract(epoch from run.finished_at - event.created_at) * 1000 as ms
          from ${schema}.event_logs event join ${schema}.action_runs run on run.event_log_id = event.id
          where run.type = 'add_tag' and run.finished_at is not null and event.created_at >= $1`,
      )
      const rows = await monitor.query<{ ms: number }>(perTenant.join(' union all '), [since])
      return rows.map((row) => Number(row.ms)).sort((a, b) => a - b)
    },
    async now() {
      const [row] = await monitor.query<{ now: Date }>('select clock_timestamp() as now')
      return row!.now
    },
  }
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
