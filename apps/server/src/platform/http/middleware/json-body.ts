import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../app-env'
import { AppError } from '../errors'

const jsonContentType = /^application\/([\w.+-]+\+)?json\b/i

/** Rejects bodies over `maxBytes` with 413 before anything reads them. */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // The unread rest of the body makes this connection unusable for another request.
      c.header('Connection', 'close')
      throw new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`)
    },
  })
}

/**
 * Parses a JSON body once, up front, so malformed JSON is INVALID_JSON everywhere
 * (the route validators reuse Hono's cached parse).
 */
export function parseJsonBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.raw.body && jsonContentType.test(c.req.header('content-type') ?? '')) {
      try {
        await c.req.json()
      } catch {
        throw new AppError('INVALID_JSON', 'Request body is not valid JSON')
      }
    }
    await next()
  }
}
