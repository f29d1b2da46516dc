import type { Platform, Tenant } from '../platform'
import type { UpgradeOffer } from '../realtime/upgrade'

export interface AppEnv {
  /** What the server hands the app beside a request: for a WebSocket upgrade, the offer to take it (platform/realtime). */
  Bindings: { upgrade?: UpgradeOffer }
  Variables: {
    requestId: string
    platform: Platform
    /** Set by tenant authentication; present on every tenant route. */
    tenant: Tenant
  }
}
