import type { MiddlewareHandler } from 'hono'
import { countRequest } from '../../request-guards/rate-limit-windows'
import type { AppEnv } from '../app-env'
import { AppError } from '../errors'

/** The trigger route and the deprecated events route draw on this one allowance. */
const BUCKET = 'trigger'

/**
 * `config.triggerRateLimit` triggers per minute per tenant, counted in fixed one-minute windows in
 * the control database so every API node shares them. Every answer carries the `RateLimit-*`
 * headers; past the limit the request is refused with 429 before its handler runs.
 * Runs after tenant authentication (and after idempotency: a replayed answer is not counted).
 */
export function triggerRateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { platform, tenant } = c.var
    const limit = platform.config.triggerRateLimit
    const window = await countRequest(platform.db, tenant.clientCode, BUCKET)
    c.header('RateLimit-Limit', String(limit))
    c.header('RateLimit-Remaining', String(Math.max(0, limit - window.count)))
    c.header('RateLimit-Reset', String(window.resetSeconds))
    if (window.count > limit) {
      c.header('Retry-After', String(window.resetSeconds))
      throw new AppError('RATE_LIMITED', `At most ${limit} triggers per minute; retry in ${window.resetSeconds} s`)
    }
    await next()
  }
}
