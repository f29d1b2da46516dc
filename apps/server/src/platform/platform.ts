import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from '../config/config-schema'
import type { SecretBox } from './crypto/secret-box'
import type { ControlTables } from './database/control-tables'
import type { TenantDatabases } from './database/tenant-databases'
import type { TenantTables } from './database/tenant-tables'
import type { Jobs } from './jobs/jobs'

/** Long-lived dependencies, built once at start-up and handed to every service. */
export interface Platform {
  config: Config
  logger: Logger
  db: Kysely<ControlTables>
  tenants: TenantDatabases
  secretBox: SecretBox
  jobs: Jobs
  /** Outbound HTTP to third parties (WhatsApp Graph API, …). */
  fetch: typeof fetch
  startedAt: Date
}

export interface Tenant {
  clientCode: string
  db: Kysely<TenantTables>
  /** Its schema is on the platform database, with the job queue: a tenant statement can enqueue jobs. */
  sharesJobQueueDatabase: boolean
}

/** What a platform-level (admin or public) service runs with. */
export interface PlatformContext {
  platform: Platform
}

/** Set when an automation's action is the caller: CRM events it causes carry the chain depth (loop guard). */
export interface AutomationCause {
  eventLogId: string
  depth: number
}

/** What a tenant-scoped service runs with: always exactly one tenant. */
export interface TenantContext extends PlatformContext {
  tenant: Tenant
  automation?: AutomationCause | undefined
}
