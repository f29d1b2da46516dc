import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { isStorableText } from '../../text/storable-text'
import type { AppEnv } from '../app-env'
import { AppError } from '../errors'
import { inputProblem } from '../input-limits'
import { invalidRequest } from '../validation-hook'

const jsonContentType = /^application\/([\w.+-]+\+)?json\b/i
const textContentType = /^text\//i

/** Rejects bodies over `maxBytes` with 413 before anything reads them. */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
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
 * decoded UTF-8 holds no lone surrogate.
 */
export function checkBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const contentType = c.req.header('content-type') ?? ''
    if (c.req.raw.body && jsonContentType.test(contentType)) {
      let body: unknown
      try {
        body = await c.req.json()
      } catch {
        throw new AppError('INVALID_JSON', 'Request body is not valid JSON')
      }
      const problem = inputProblem(body, 'body')
      if (problem) throw invalidRequest([problem])
    } else if (c.req.raw.body && textContentType.test(contentType) && !isStorableText(await c.req.text())) {
      throw invalidRequest([{ path: 'body', message: 'Contains a NUL character, which cannot be stored' }])
    }
    await next()
  }
}
