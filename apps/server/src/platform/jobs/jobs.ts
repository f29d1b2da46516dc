import type { EventEmitter } from 'node:events'
import { PostgresBackend } from '@agendajs/postgres-backend'
import { Agenda } from 'agenda'
import { type Kysely, sql } from 'kysely'
import type pg from 'pg'
import type { Logger } from 'pino'
import { isUniqueViolation } from '../database/pg-errors'

export const JOBS_TABLE = 'agenda_jobs'

export interface Jobs {
  agenda: Agenda
  /** Jobs of one tenant that are waiting to run or running (jobs carry `data.clientCode`). */
  queueDepth(clientCode: string): Promise<number>
  /** Starts processing (worker role). Scheduling works without it. */
  startProcessing(): Promise<void>
  /**
   * For nodes that only schedule (api role): Agenda publishes the NOTIFY that wakes workers only
   * on a connected channel, so without this their jobs would wait for a worker's next scan.
   */
  startPublishing(): Promise<void>
  /** Waits for running jobs to finish (up to `timeoutMs`), then stops. */
  stop(timeoutMs: number): Promise<void>
}

/**
 * `queueDepth` counts a tenant's waiting and running jobs. Finished jobs stay in the table (their
 * status can be asked for), so without this partial index each count would read every job ever run.
 * Agenda creates the table when it connects, so the index is made here rather than in a migration;
 * nodes starting together may race to create it, and the loser's error says it exists.
 */
async function indexTenantQueues(db: Kysely<any>): Promise<void> {
  try {
    await sql`
      create index if not exists agenda_jobs_tenant_queue_idx on ${sql.table(JOBS_TABLE)} ((data->>'clientCode'))
      where next_run_at is not null or locked_at is not null`.execute(db)
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
  }
}

export async function createJobs(options: {
  pool: pg.Pool
  db: Kysely<any>
  logger: Logger
  name: string
}): Promise<Jobs> {
  const { pool, db, logger, name } = options
  const backend = new PostgresBackend({ pool, tableName: JOBS_TABLE, channelName: JOBS_TABLE })
  // The LISTEN connection reports its loss as an 'error' event on the channel; unheard, Node would
  // throw it and end the process (a database restart, or shutdown). The channel reconnects itself.
  ;(backend.notificationChannel as EventEmitter | undefined)?.on('error', (error: unknown) =>
    logger.warn({ err: error }, 'job notification channel error'),
  )
  // Agenda would also NOTIFY every job's start, success and completion so other processes can emit
  // those events; nothing here listens across processes, and at three queries per job they cost
  // more than the job's own bookkeeping. Without publishState, Agenda skips them.
  if (backend.notificationChannel) Object.assign(backend.notificationChannel, { publishState: undefined })
  const agenda = new Agenda({
    backend,
    name,
    // NOTIFY wakes workers for new jobs. The scan is the fallback, and also rescues a future job whose
    // timer fired a millisecond early (Agenda 6.2 then waits for the next scan), so it is kept short.
    processEvery: '5 seconds',
    defaultLockLifetime: 10 * 60_000,
  })
  agenda.on('error', (error) => logger.error({ err: error }, 'job scheduler error'))
  agenda.on('fail', (error, job) => logger.warn({ err: error, job: job.attrs.name }, 'job failed'))
  await agenda.ready
  await indexTenantQueues(db)
  let processing = false
  let publishing = false

  return {
    agenda,
    async queueDepth(clientCode) {
      const { rows } = await sql<{ depth: number }>`
        select count(*)::int as depth from ${sql.table(JOBS_TABLE)}
        where data->>'clientCode' = ${clientCode}
          and disabled = false
          and (next_run_at is not null or locked_at is not null)`.execute(db)
      return rows[0]?.depth ?? 0
    },
    async startProcessing() {
      await agenda.start()
      processing = true
    },
    async startPublishing() {
      await backend.notificationChannel?.connect()
      publishing = true
    },
    async stop(timeoutMs) {
      if (processing) await agenda.drain({ timeout: timeoutMs }).catch(() => undefined)
      await agenda.stop(false)
      if (publishing) await backend.notificationChannel?.disconnect()
    },
  }
}
