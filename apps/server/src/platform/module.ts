import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './http/app-env'
import type { TenantAuthenticator } from './http/middleware/authenticate'
import type { Operation } from './http/operations'
import type { JobDefinition } from './jobs/define-job'
import type { Platform } from './platform'

/**
 * What an area gives the platform: the operations it serves, the jobs it runs, and the hooks it
 * fills. The platform knows modules only through this shape; `src/modules.ts` lists them.
 */
export interface Module {
  name: string
  operations?: Operation[]
  jobs?: JobDefinition<any>[]
  /** Runs on every request before routing (CORS, which answers preflights no route declares). */
  middleware?: MiddlewareHandler<AppEnv>[]
  /** Provided by the one module that knows tenants' credentials. */
  authenticateTenant?: TenantAuthenticator
  /** Runs once at start-up, in module order, before jobs start (migrations, subscriptions to platform hooks). */
  start?(platform: Platform): Promise<void>
}

export function authenticatorOf(modules: Module[]): TenantAuthenticator {
  const providers = modules.flatMap((module) => (module.authenticateTenant ? [module.authenticateTenant] : []))
  if (providers.length !== 1) throw new Error(`exactly one module must authenticate tenants (found ${providers.length})`)
  return providers[0]!
}
