import type { Platform, Tenant } from '../platform'

export interface AppEnv {
  Variables: {
    requestId: string
    platform: Platform
    /** Set by tenant authentication; present on every tenant route. */
    tenant: Tenant
  }
}
