import type { z } from 'zod'
import type { Platform } from '../platform'

/**
 * A background job: its name, the shape of its data (checked when it is enqueued and again when it
 * runs, so a job stored by an older version fails visibly instead of half-running), an optional
 * repeat interval (Agenda syntax), and what it does.
 */
export interface JobDefinition<Data extends z.ZodType = z.ZodType> {
  name: string
  data: Data
  every?: string
  /** Deletes the job's row once it succeeds (jobs nobody looks up afterwards). */
  removeOnComplete?: boolean
  /**
   * Short, frequent one-off jobs (the engine's runs): claimed in batches by the platform's own
   * statement (batch-worker.ts) instead of Agenda's lock per job. Not for repeating jobs.
   */
  batchClaimed?: boolean
  /**
   * The work. A batch-claimed job may record its own success in the statement that stores its
   * outcome (`completeJobRows`) and answer 'completed', saving the worker that statement.
   */
  run(platform: Platform, data: z.output<Data>, job?: { id: string }): Promise<JobResult>
  /**
   * The work of up to `size` claimed jobs at once (a batch-claimed job's statements shared by many),
   * answering each job's result in order: a thrown error fails that job alone. When the whole batch
   * throws, its jobs are run one by one through `run`.
   */
  batch?: {
    size: number
    /** A key of the jobs' data: a batch holds only jobs with the same value (one tenant's), so their work shares statements. */
    groupBy?: keyof z.output<Data> & string
    run(platform: Platform, jobs: { id: string; data: z.output<Data> }[]): Promise<(JobResult | Error)[]>
  }
}

/** A job's success, or its success already recorded by its own outcome statement ('completed'). */
export type JobResult = void | 'completed'

/**
 * What enqueueing needs of a job: its name and the shape of its data. A job whose work enqueues it
 * again through other code (a cycle of imports) is enqueued by this, its work bound where it is registered.
 */
export type JobKind<Data extends z.ZodType = z.ZodType> = Pick<JobDefinition<Data>, 'name' | 'data'>

export const defineJob = <Data extends z.ZodType>(job: JobDefinition<Data>): JobDefinition<Data> => job
