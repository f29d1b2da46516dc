import type { MiddlewareHandler } from 'hono'
import { isOriginAllowedForAnyTenant, listCorsOrigins } from './cors.repository'
import type { AppEnv } from '../../platform/http/app-env'

const ALLOWED_HEADERS = 'content-type, x-api-key, x-client-code, x-request-id, idempotency-key'
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS'

/**
 * Browser access per tenant. A preflight carries no tenant headers, so it is answered for any
 * origin some tenant registered; the real request then gets `Access-Control-Allow-Origin` only
 * when the authenticated tenant registered that origin.
 */
export function tenantCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (!origin) return next()
    const db = c.var.platform.db
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      c.header('Vary', 'Origin')
      if (!(await isOriginAllowedForAnyTenant(db, origin))) return c.body(null, 204)
      c.header('Access-Control-Allow-Origin', origin)
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS)
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
      c.header('Access-Control-Max-Age', '600')
      return c.body(null, 204)
    }
    await next()
    c.header('Vary', 'Origin', { append: true })
    const tenant = c.var.tenant
    if (tenant && (await listCorsOrigins(db, tenant.clientCode)).includes(origin)) {
      c.header('Access-Control-Allow-Origin', origin)
      c.header('Access-Control-Expose-Headers', 'x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset')
    }
  }
}
