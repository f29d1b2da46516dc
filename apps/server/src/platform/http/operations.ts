import type { MiddlewareHandler } from 'hono'
import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from './app-env'
import { requireAdmin, requireTenant } from './middleware/authenticate'
import { idempotency } from './middleware/idempotency'

/** One API operation: its generated route definition (the contract) and its handler. */
export interface Operation {
  route: RouteConfig
  handler: RouteHandler<any, AppEnv>
  /** Runs after authentication, before the handler (a rate limit, say). */
  middleware: MiddlewareHandler<AppEnv>[]
}

export function defineOperation<R extends RouteConfig>(
  route: R,
  handler: RouteHandler<R, AppEnv>,
  options: { middleware?: MiddlewareHandler<AppEnv>[] } = {},
): Operation {
  return { route, handler: handler as RouteHandler<any, AppEnv>, middleware: options.middleware ?? [] }
}

type SecurityRequirement = Record<string, string[]>

/** Maps the spec's security requirements to middleware, so who may call what is read from the contract. */
function authenticationFor(security: SecurityRequirement[]): MiddlewareHandler<AppEnv>[] {
  if (security.length === 0) return []
  const schemes = security.flatMap((requirement) => Object.keys(requirement)).sort().join('+')
  if (schemes === 'AdminBearer') return [requireAdmin()]
  if (schemes === 'ApiKey+ClientCode') return [requireTenant()]
  throw new Error(`no authentication middleware for security schemes "${schemes}"`)
}

export function registerOperations(
  app: OpenAPIHono<AppEnv>,
  operations: Operation[],
  documentSecurity: SecurityRequirement[],
): void {
  for (const { route, handler, middleware: own } of operations) {
    const authentication = authenticationFor((route.security as SecurityRequirement[] | undefined) ?? documentSecurity)
    // Every authenticated POST honours Idempotency-Key, before the operation's own middleware, so a
    // replayed answer does not run (or count against) a rate limit again.
    const guards = route.method === 'post' && authentication.length > 0 ? [idempotency()] : []
    app.openapi({ ...route, middleware: [...authentication, ...guards, ...own] }, handler)
  }
}
