import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Platform } from '../platform'
import { type ClaimedJob, claimDueJobs, completeJobs, failJob, releaseJobs, renewLeases } from './batch-claims'
import type { JobDefinition, JobResult } from './define-job'

export interface BatchWorkerOptions {
  db: Kysely<any>
  logger: Logger
  holder: string
  /** Jobs (or batches of a job) run at once; each holds at most one database connection at a time. */
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
 * it has free slots (or, for a job with a `batch`, up to its batch size for one slot, run together),
 * they run concurrently, and their successes are recorded together (or by the jobs' own outcome
 * statement, `completeJobRows`). Any number of wake-ups while a claim loop runs
 * lead to one more loop, not one each. A running job's lease is renewed while it runs; a job whose
 * worker died is claimed again once its lease ends (the work it calls is guarded against a rerun).
 */
export function createBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const { db, logger, holder, concurrency, leaseMs, scanEveryMs } = options
  const definitions = new Map<string, JobDefinition>()
  /** What runs, by its first job's id: one job, or one batch of them. */
  const running = new Map<string, Promise<void>>()
  const leased = new Set<string>()
  const wanted = new Set<string>()
  const completed = new Map<string, string[]>()
  let platform: Platform | undefined
  let claiming: Promise<void> | undefined
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

  const settle = async (job: ClaimedJob, result: JobResult | Error) => {
    if (result instanceof Error) {
      logger.warn({ err: result, job: job.name, jobId: job.id }, 'job failed')
      await failJob(db, job.id, message(result)).catch((failure) => logger.error({ err: failure, jobId: job.id }, 'could not record a job failure'))
    } else if (result !== 'completed') {
      completed.set(job.name, [...(completed.get(job.name) ?? []), job.id])
    }
  }

  const runOne = (job: ClaimedJob, definition: JobDefinition): Promise<JobResult | Error> =>
    Promise.resolve()
      .then(() => definition.run(platform!, definition.data.parse(job.data ?? {}), { id: job.id }))
      .catch((error: unknown) => (error instanceof Error ? error : new Error(message(error))))

  /** Jobs of one name: together through the definition's batch when it has one (one by one if the batch throws), else the one job. */
  const runJobs = async (jobs: ClaimedJob[], definition: JobDefinition) => {
    let results: (JobResult | Error)[] | undefined
    if (definition.batch) {
      const parsed = jobs.map((job) => definition.data.safeParse(job.data ?? {}))
      const valid = jobs.flatMap((job, index) => (parsed[index]!.success ? [{ id: job.id, data: parsed[index]!.data }] : []))
      const batchResults = await definition.batch.run(platform!, valid).catch((error: unknown) => {
        logger.warn({ err: error, job: definition.name, jobs: valid.length }, 'job batch failed; its jobs run one by one')
        return undefined
      })
      if (batchResults) {
        let next = 0
        results = parsed.map((result) => (result.success ? batchResults[next++]! : new Error(result.error.message)))
      }
    }
    results ??= await Promise.all(jobs.map((job) => runOne(job, definition)))
    for (const [index, job] of jobs.entries()) await settle(job, results[index]!)
    await flushCompletions()
  }

  const start = (jobs: ClaimedJob[], definition: JobDefinition) => {
    const unit = jobs[0]!.id
    for (const job of jobs) leased.add(job.id)
    const run = runJobs(jobs, definition).finally(() => {
      running.delete(unit)
      for (const job of jobs) leased.delete(job.id)
      // A freed half of the slots is worth a claim when work may be waiting.
      if (wanted.size > 0 && running.size <= concurrency / 2) void loop()
    })
    running.set(unit, run)
  }

  const loop = async () => {
    if (claiming || stopped) return
    claiming = claimWhileFree().finally(() => {
      claiming = undefined
    })
    await claiming
  }

  const claimWhileFree = async () => {
    try {
      while (!stopped && wanted.size > 0 && running.size < concurrency) {
        const [name] = wanted
        wanted.delete(name!)
        const definition = definitions.get(name!)!
        const free = concurrency - running.size
        // A batch job takes one slot for up to its batch size; any other job one slot each.
        const limit = definition.batch ? definition.batch.size : free
        const claimed = await claimDueJobs(db, name!, limit, leaseMs, holder, definition.batch?.groupBy)
        // Stopped while claiming: the jobs go back to the queue for another worker at once.
        if (stopped) {
          await releaseJobs(db, claimed.map((job) => job.id))
          return
        }
        if (definition.batch) {
          if (claimed.length > 0) start(claimed, definition)
        } else {
          for (const job of claimed) start([job], definition)
        }
        // A full claim may have left more behind, and so may a grouped one (other groups' jobs): ask again while slots are free.
        if (claimed.length === limit || (definition.batch?.groupBy !== undefined && claimed.length > 0)) wanted.add(name!)
      }
    } catch (error) {
      logger.error({ err: error }, 'could not claim jobs (retried at the next wake-up or scan)')
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
        setInterval(() => void renewLeases(db, [...leased]).catch((error) => logger.warn({ err: error }, 'could not renew job leases')), leaseMs / 3),
      ]
      for (const timer of timers) timer.unref()
      wake()
    },
    async stop(timeoutMs) {
      stopped = true
      for (const timer of timers) clearInterval(timer)
      await claiming
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
