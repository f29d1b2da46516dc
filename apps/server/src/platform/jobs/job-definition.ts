import type { Platform } from '../platform'

/** A background job: a name, an optional repeat interval (Agenda syntax), and what it does. */
export interface JobDefinition {
  name: string
  every?: string
  /** Deletes the job's row once it succeeds (jobs nobody looks up afterwards). */
  removeOnComplete?: boolean
  run(platform: Platform, data: Record<string, unknown>): Promise<void>
}
