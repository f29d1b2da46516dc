import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { isStorableText } from '../../text/storable-text'
import type { AppEnv } from '../app-env'
import { AppError } from '../errors'
import { inputProblem } from '../input-limits'
import { invalidRequest } from '../validation-hook'

const jsonContentType = /^application\/([\w.+-]+\+)?json\b/i
const textContentType = /^text\//i

/** A route (`POST /api/saas/chat/upload`) whose body limit is its own, not the platform's. */
export interface OwnBodyLimit {
  method: string
  /** The spec's path; a `{param}` matches one segment. */
  path: string
  maxBytes: number
}

/** A route (`POST /api/saas/chat/broadcast`) whose body may hold longer arrays than `inputLimits.maxArrayLength`. */
export interface OwnArrayLimit {
  method: string
  path: string
  maxArrayLength: number
}

const pathPattern = (path: string) =>
  new RegExp(`^${path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}$`)

/**
 * Rejects bodies over `maxBytes` (or the route's own limit) with 413 while they are read, before
 * anything parses them. Runs before routing, so it finds the route's limit by method and path.
 */
export function limitBody(maxBytes: number, own: OwnBodyLimit[] = []): MiddlewareHandler<AppEnv> {
  const standard = limitBodyTo(maxBytes)
  const routes = own.map((route) => ({ method: route.method.toUpperCase(), pattern: pathPattern(route.path), limit: limitBodyTo(route.maxBytes) }))
  return (c, next) => {
    const route = routes.find(({ method, pattern }) => method === c.req.method && pattern.test(c.req.path))
    return (route?.limit ?? standard)(c, next)
  }
}

function limitBodyTo(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    // The unread rest of the body is read and dropped after the answer (platform/http/http-server.ts),
    // so the connection stays usable and a client still sending is not reset.
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`)
    },
  })
}

/**
 * Parses a JSON body once, up front, so malformed JSON is INVALID_JSON everywhere (the route
 * validators reuse Hono's cached text), and refuses one over the input limits or holding text
 * PostgreSQL cannot store before any route code sees it. A text body (CSV) is refused for a NUL;
 * decoded UTF-8 holds no lone surrogate. A route that reads its body's bytes itself (a signed
 * webhook: `rawBodyRoutes`) is left alone.
 */
export function checkBody(rawBodyRoutes: Omit<OwnBodyLimit, 'maxBytes'>[] = [], arrayLimits: OwnArrayLimit[] = []): MiddlewareHandler<AppEnv> {
  const raw = rawBodyRoutes.map((route) => ({ method: route.method.toUpperCase(), pattern: pathPattern(route.path) }))
  const arrays = arrayLimits.map((route) => ({ method: route.method.toUpperCase(), pattern: pathPattern(route.path), maxArrayLength: route.maxArrayLength }))
  return async (c, next) => {
    const contentType = c.req.header('content-type') ?? ''
    if (raw.some(({ method, pattern }) => method === c.req.method && pattern.test(c.req.path))) {
      // The operation reads the bytes as received (operations.ts `rawBody`).
    } else if (c.req.raw.body && jsonContentType.test(contentType)) {
      let body: unknown
      try {
        body = await c.req.json()
      } catch {
        throw new AppError('INVALID_JSON', 'Request body is not valid JSON')
      }
      const own = arrays.find(({ method, pattern }) => method === c.req.method && pattern.test(c.req.path))
      const problem = inputProblem(body, 'body', own?.maxArrayLength)
      if (problem) throw invalidRequest([problem])
    } else if (c.req.raw.body && textContentType.test(contentType) && !isStorableText(await c.req.text())) {
      throw invalidRequest([{ path: 'body', message: 'Contains a NUL character, which cannot be stored' }])
    }
    await next()
  }
}
