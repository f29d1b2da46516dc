import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Platform } from '../platform'
import { type ClaimedJob, claimDueJobs, completeJobs, failJob, renewLeases } from './batch-claims'
import type { JobDefinition } from './define-job'

export interface BatchWorkerOptions {
  db: Kysely<any>
  logger: Logger
  holder: string
  /** Jobs run at once; each holds at most one database connection at a time. */
  concurrency: number
  leaseMs: number
  /** How often due jobs are looked for without a wake-up (delayed jobs, other nodes' missed NOTIFYs). */
  scanEveryMs: number
}

export interface BatchWorker {
  /** A NOTIFY for the job name (or a scan, without one): claim what is due, once per loop. */
  wake(name?: string): void
  /** Adds jobs this worker runs (before or after it starts). */
  define(platform: Platform, jobs: JobDefinition[]): void
  start(): void
  stop(timeoutMs: number): Promise<void>
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * The worker for jobs claimed in batches (`batchClaimed`): one statement takes as many due jobs as
 * it has free slots, they run concurrently, and their successes are recorded together (or by the
 * job's own outcome statement, `completeJobRow`). Any number of wake-ups while a claim loop runs
 * lead to one more loop, not one each. A running job's lease is renewed while it runs; a job whose
 * worker died is claimed again once its lease ends (the work it calls is guarded against a rerun).
 */
export function createBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const { db, logger, holder, concurrency, leaseMs, scanEveryMs } = options
  const definitions = new Map<string, JobDefinition>()
  const running = new Map<string, Promise<void>>()
  const wanted = new Set<string>()
  const completed = new Map<string, string[]>()
  let platform: Platform | undefined
  let looping = false
  let flushing: Promise<void> | undefined
  let stopped = true
  let timers: NodeJS.Timeout[] = []

  const flushCompletions = () => {
    flushing ??= (async () => {
      while (completed.size > 0) {
        const batch = [...completed]
        completed.clear()
        for (const [name, ids] of batch) {
          await completeJobs(db, ids, definitions.get(name)?.removeOnComplete ?? false).catch((error) =>
            logger.error({ err: error, jobs: ids.length }, 'could not record finished jobs (their lease will end and they will be claimed again)'),
          )
        }
      }
    })().finally(() => {
      flushing = undefined
    })
    return flushing
  }

  const runJob = async (job: ClaimedJob, definition: JobDefinition) => {
    try {
      const outcome = await definition.run(platform!, definition.data.parse(job.data ?? {}), { id: job.id })
      if (outcome !== 'completed') {
        completed.set(job.name, [...(completed.get(job.name) ?? []), job.id])
        await flushCompletions()
      }
    } catch (error) {
      logger.warn({ err: error, job: job.name, jobId: job.id }, 'job failed')
      await failJob(db, job.id, message(error)).catch((failure) => logger.error({ err: failure, jobId: job.id }, 'could not record a job failure'))
    }
  }

  const start = (job: ClaimedJob) => {
    const definition = definitions.get(job.name)!
    const run = runJob(job, definition).finally(() => {
      running.delete(job.id)
      // A freed half of the slots is worth a claim when work may be waiting.
      if (wanted.size > 0 && running.size <= concurrency / 2) void loop()
    })
    running.set(job.id, run)
  }

  const loop = async () => {
    if (looping || stopped) return
    looping = true
    try {
      while (!stopped && wanted.size > 0 && running.size < concurrency) {
        const [name] = wanted
        wanted.delete(name!)
        const free = concurrency - running.size
        const claimed = await claimDueJobs(db, name!, free, leaseMs, holder)
        for (const job of claimed) start(job)
        // A full claim may have left more behind: ask again when slots free up.
        if (claimed.length === free) wanted.add(name!)
      }
    } catch (error) {
      logger.error({ err: error }, 'could not claim jobs (retried at the next wake-up or scan)')
    } finally {
      looping = false
    }
  }

  const wake = (name?: string) => {
    if (stopped) return
    for (const wantedName of name === undefined ? definitions.keys() : [name]) if (definitions.has(wantedName)) wanted.add(wantedName)
    void loop()
  }

  return {
    wake,
    define(runWith, jobs) {
      platform = runWith
      for (const job of jobs) definitions.set(job.name, job)
      wake()
    },
    start() {
      stopped = false
      timers = [
        setInterval(() => wake(), scanEveryMs),
        setInterval(() => void renewLeases(db, [...running.keys()]).catch((error) => logger.warn({ err: error }, 'could not renew job leases')), leaseMs / 3),
      ]
      for (const timer of timers) timer.unref()
      wake()
    },
    async stop(timeoutMs) {
      stopped = true
      for (const timer of timers) clearInterval(timer)
      let timeout: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.allSettled([...running.values()]),
        new Promise((resolve) => {
          timeout = setTimeout(resolve, timeoutMs)
        }),
      ])
      clearTimeout(timeout)
      await flushCompletions()
    },
  }
}
