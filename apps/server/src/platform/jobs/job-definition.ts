import type { Platform } from '../platform'

/** A background job: a name, an optional repeat interval (Agenda syntax), and what it does. */
export interface JobDefinition {
  name: string
  every?: string
  run(platform: Platform, data: Record<string, unknown>): Promise<void>
}
