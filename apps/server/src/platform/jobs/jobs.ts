import type { EventEmitter } from 'node:events'
import { PostgresBackend } from '@agendajs/postgres-backend'
import { Agenda, Job } from 'agenda'
import { type Kysely, sql } from 'kysely'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { z } from 'zod'
import { isUuid } from '../database/uuid'
import type { Platform } from '../platform'
import type { JobDefinition, JobKind } from './define-job'
import { createBatchWorker } from './batch-worker'
import { coalesceWakeUps } from './coalesce-wake-ups'
import { JOBS_TABLE } from './job-row'
import { type JobRow, jobStatusOf, type JobStatus } from './job-status'

interface EnqueueOptions {
  /** When it runs; now when absent or past. */
  at?: Date | undefined
}

/**
 * The job catalog's runtime: the only code that knows Agenda and its table. Jobs are defined with
 * `defineJob`, registered once at start-up, and enqueued with data their schema checks.
 */
export interface Jobs {
  /** Defines each job for this node's workers, and schedules the repeating ones (once, whatever the number of nodes). */
  register(platform: Platform, jobs: JobDefinition[]): Promise<void>
  /** Queues a job; returns its id. */
  enqueue<Data extends z.ZodType>(job: JobKind<Data>, data: z.input<Data>, options?: EnqueueOptions): Promise<string>
  /** A job by id; with `clientCode`, only that tenant's. */
  status(jobId: string, clientCode?: string): Promise<JobStatus | undefined>
  /** Whether one of the tenant's jobs of this kind waits, not yet started; with `dueBy`, one due by then. */
  isWaiting(job: JobKind, clientCode: string, dueBy?: Date): Promise<boolean>
  /** Moves a stored job's next run to now, as if its delay had passed (or, for a finished job, as a redelivery would). */
  bringForward(jobId: string): Promise<void>
  /** Jobs of one tenant that are waiting to run or running. */
  queueDepth(clientCode: string): Promise<number>
  /** Deletes one-off jobs that finished before `before`, in batches; returns how many. */
  purgeFinished(before: Date): Promise<number>
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
 * Finished jobs stay in the table (their status can be asked for) for weeks, so every query of the
 * live queue must reach only waiting and running rows, or its cost grows with every job ever run:
 * - Agenda's find-and-lock (every wake-up and scan of every worker) walks its own full index by name
 *   and next run, finished rows included, whenever the planner's statistics lag behind a burst of
 *   finished jobs (about 90 ms an empty claim at 400,000 kept, against under 2 ms at 4,000: `npm run bench:queue`).
 *   The same keys over active rows only make the claim's cheapest plan one that never sees them;
 * - `queueDepth` counts a tenant's waiting and running jobs;
 * - `isWaiting` (asked on every CRM change, to wake the outbox consumer once) looks for one waiting
 *   job of a name and tenant; through the tenant index it walked every active job of the tenant, a
 *   backlog of runs included (2 ms each under load: `npm run bench:triggers`).
 * Agenda creates the table when it connects, so the indexes are made here rather than in a
 * migration, by one starting node at a time.
 */
const ACTIVE_JOB_INDEXES = [
  sql`create index if not exists agenda_jobs_active_claim_idx on ${sql.table(JOBS_TABLE)} (name, next_run_at, priority desc)
      where disabled = false and (next_run_at is not null or locked_at is not null)`,
  sql`create index if not exists agenda_jobs_tenant_queue_idx on ${sql.table(JOBS_TABLE)} ((data->>'clientCode'))
      where next_run_at is not null or locked_at is not null`,
  sql`create index if not exists agenda_jobs_tenant_waiting_idx on ${sql.table(JOBS_TABLE)} (name, (data->>'clientCode'))
      where disabled = false and locked_at is null and next_run_at is not null`,
]

/** Runs `work` while holding a transaction-scoped advisory lock: one starting node at a time. */
function oneNodeAtATime<T>(db: Kysely<any>, lock: string, work: (trx: Kysely<any>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${lock}))`.execute(trx)
    return work(trx)
  })
}

async function indexActiveJobs(db: Kysely<any>): Promise<void> {
  // Nodes starting together would race on the catalog ('tuple concurrently updated'): one at a time.
  await oneNodeAtATime(db, 'ecodrix.agenda_jobs.indexes', async (trx) => {
    for (const statement of ACTIVE_JOB_INDEXES) await statement.execute(trx)
  })
}

const PURGE_BATCH = 5_000
/** Due batch-claimed jobs nobody woke the worker for (delayed ones, NOTIFYs lost with a connection) wait at most this. */
const BATCH_SCAN_MS = 1_000

/**
 * Deletes one batch of one-off jobs that finished (succeeded or failed) before `before`; repeating
 * jobs, and jobs waiting or running, are never touched. Batches keep each delete's locks short.
 */
async function deleteFinishedJobs(db: Kysely<any>, before: Date): Promise<number> {
  const result = await sql`
    delete from ${sql.table(JOBS_TABLE)} where id in (
      select id from ${sql.table(JOBS_TABLE)}
      where type = 'normal' and repeat_interval is null and next_run_at is null and locked_at is null
        and last_finished_at < ${before}
      limit ${PURGE_BATCH}
    )`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/**
 * Waits for Agenda's running jobs, at most `timeoutMs`. Agenda 6.2 checks whether it is drained
 * only once per job's 'complete' event, before an auto-removed job leaves its running list, so its
 * drain alone can wait out the whole timeout; asking for its running count ends the wait on time.
 */
async function drainAgenda(agenda: Agenda, timeoutMs: number): Promise<void> {
  const drained = new AbortController()
  const poll = setInterval(() => {
    agenda
      .getRunningStats()
      .then((stats) => stats.runningJobs === 0 && drained.abort())
      .catch(() => undefined)
  }, 100)
  try {
    await agenda.drain({ timeout: timeoutMs, signal: drained.signal })
  } catch {
    // A drain that fails leaves nothing to wait for.
  } finally {
    clearInterval(poll)
  }
}

export async function createJobs(options: {
  pool: pg.Pool
  db: Kysely<any>
  logger: Logger
  name: string
  /** Batch-claimed jobs one worker runs at once. */
  concurrency: number
  /** How long a batch-claimed job's claim holds without its worker renewing it. */
  leaseMs: number
}): Promise<Jobs> {
  const { pool, db, logger, name, concurrency, leaseMs } = options
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
  if (backend.notificationChannel) coalesceWakeUps(backend.notificationChannel)
  // Agenda creates its tables and indexes when it connects; nodes starting together would race on
  // the catalog ('tuple concurrently updated'), so they connect one at a time.
  const agenda = await oneNodeAtATime(db, 'ecodrix.agenda_jobs.schema', async () => {
    const connecting = new Agenda({
      backend,
      name,
      // NOTIFY wakes workers for new jobs. The scan is the fallback, and also rescues a future job whose
      // timer fired a millisecond early (Agenda 6.2 then waits for the next scan), so it is kept short.
      processEvery: '5 seconds',
      defaultLockLifetime: 10 * 60_000,
    })
    await connecting.ready
    return connecting
  })
  agenda.on('error', (error) => logger.error({ err: error }, 'job scheduler error'))
  agenda.on('fail', (error, job) => logger.warn({ err: error, job: job.attrs.name }, 'job failed'))
  await indexActiveJobs(db)
  const batchWorker = createBatchWorker({ db, logger, holder: name, concurrency, leaseMs, scanEveryMs: BATCH_SCAN_MS })
  let processing = false
  let publishing = false

  return {
    async register(platform, jobs) {
      batchWorker.define(
        platform,
        jobs.filter((job) => job.batchClaimed),
      )
      for (const job of jobs.filter((job) => !job.batchClaimed)) {
        agenda.define(job.name, async (agendaJob) => void (await job.run(platform, job.data.parse(agendaJob.attrs.data ?? {}), { id: String(agendaJob.attrs._id) })), {
          removeOnComplete: job.removeOnComplete ?? false,
        })
      }
      for (const job of jobs) {
        if (job.every) await agenda.every(job.every, job.name, {}, { skipImmediate: true })
      }
    },
    async enqueue(job, data, options = {}) {
      const checked = job.data.parse(data) as Record<string, unknown>
      const { at } = options
      const created = at && at.getTime() > Date.now() ? await agenda.schedule(at, job.name, checked) : await agenda.now(job.name, checked)
      return String(created.attrs._id)
    },
    async status(jobId, clientCode) {
      if (!isUuid(jobId)) return undefined
      const { rows } = await sql<JobRow>`
        select id::text, name, data, next_run_at, locked_at, last_run_at, last_finished_at, failed_at, fail_count, fail_reason
        from ${sql.table(JOBS_TABLE)}
        where id = ${jobId}::uuid ${clientCode === undefined ? sql`` : sql`and data->>'clientCode' = ${clientCode}`}`.execute(db)
      return rows[0] && jobStatusOf(rows[0])
    },
    async isWaiting(job, clientCode, dueBy) {
      const { rows } = await sql<{ waiting: boolean }>`
        select exists (
          select 1 from ${sql.table(JOBS_TABLE)}
          where name = ${job.name} and data->>'clientCode' = ${clientCode}
            and disabled = false and locked_at is null and next_run_at is not null
            ${dueBy === undefined ? sql`` : sql`and next_run_at <= ${dueBy}`}
        ) as waiting`.execute(db)
      return rows[0]?.waiting ?? false
    },
    async bringForward(jobId) {
      const attrs = await agenda.db.getJobById(jobId)
      if (!attrs) throw new Error(`no job ${jobId}`)
      await new Job(agenda, attrs).schedule(new Date()).save()
    },
    async purgeFinished(before) {
      let purged = 0
      for (;;) {
        const deleted = await deleteFinishedJobs(db, before)
        purged += deleted
        if (deleted < PURGE_BATCH) return purged
      }
    },
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
      batchWorker.start()
      backend.notificationChannel?.subscribe((notification) => {
        if (!notification.nextRunAt || notification.nextRunAt.getTime() <= Date.now()) batchWorker.wake(notification.jobName)
      })
      processing = true
    },
    async startPublishing() {
      await backend.notificationChannel?.connect()
      publishing = true
    },
    async stop(timeoutMs) {
      if (processing) await Promise.all([drainAgenda(agenda, timeoutMs), batchWorker.stop(timeoutMs)])
      await agenda.stop(false)
      if (publishing) await backend.notificationChannel?.disconnect()
    },
  }
}
