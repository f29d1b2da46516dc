import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Platform } from '../../platform'
import type { AppEnv } from '../app-env'

const acceptableRequestId = /^[\w.:-]{1,128}$/

/** Gives every request an id (the caller's `x-request-id` when sane), the platform, and an access log line. */
export function requestContext(platform: Platform): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && acceptableRequestId.test(incoming) ? incoming : randomUUID()
    const started = performance.now()
    c.set('requestId', requestId)
    c.set('platform', platform)
    c.header('x-request-id', requestId)
    await next()
    c.header('x-request-id', requestId)
    platform.logger.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        clientCode: c.var.tenant?.clientCode,
      },
      'request',
    )
  }
}
