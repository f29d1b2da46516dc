import type { Kysely } from 'kysely'
import type { CountryCode } from 'libphonenumber-js/min'
import type { Logger } from 'pino'
import type { Config } from '../config/config-schema'
import type { NodeCache } from './cache/node-cache'
import type { SecretBox } from './crypto/secret-box'
import type { ControlTables } from './database/control-tables'
import type { TenantDatabases } from './database/tenant-databases'
import type { TenantTables } from './database/tenant-tables'
import type { Jobs } from './jobs/jobs'
import type { MediaStorage } from './media-storage/media-storage'
import type { Outbox } from './outbox/outbox'

/** Long-lived dependencies, built once at start-up and handed to every service. */
export interface Platform {
  config: Config
  logger: Logger
  db: Kysely<ControlTables>
  tenants: TenantDatabases
  secretBox: SecretBox
  jobs: Jobs
  /** Per-node cache of tenant lookups, invalidated across nodes (see `cache/node-cache.ts`). */
  cache: NodeCache
  /** After-commit notification of outbox writes (see `outbox/outbox.ts`). */
  outbox: Outbox
  /** Outbound HTTP to third parties (WhatsApp Graph API, …). */
  fetch: typeof fetch
  /** Where uploaded and received media is kept (data dir or S3 bucket). */
  mediaStorage: MediaStorage
  startedAt: Date
}

export interface Tenant {
  clientCode: string
  db: Kysely<TenantTables>
  /** Its schema is on the platform database, with the job queue: a tenant statement can enqueue jobs. */
  sharesJobQueueDatabase: boolean
  /** Where its national phone numbers are read (`09876543210` in IN is `+919876543210`). */
  defaultCountry: CountryCode
}

/** What a platform-level (admin or public) service runs with. */
export interface PlatformContext {
  platform: Platform
}

/**
 * Set when the caller works on behalf of an outbox consumer (an automation's action): outbox rows
 * it writes carry the chain's depth (loop guard) and wake nobody, the consumer reads them itself.
 */
export interface OutboxCause {
  eventLogId: string
  depth: number
}

/** What a tenant-scoped service runs with: always exactly one tenant. */
export interface TenantContext extends PlatformContext {
  tenant: Tenant
  cause?: OutboxCause | undefined
}
