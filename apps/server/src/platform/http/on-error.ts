import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './app-env'
import { AppError, type ErrorCode } from './errors'

const codeForStatus: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
}

export function errorResponse(c: Context<AppEnv>, error: AppError) {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value)
  const body = {
    success: false as const,
    message: error.message,
    code: error.code,
    requestId: c.get('requestId'),
    ...(error.details ? { details: error.details } : {}),
  }
  return c.json(body, error.status)
}

/** The one place errors become HTTP answers. Unknown errors are logged and answered without internals. */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof AppError) return errorResponse(c, error)
  if (error instanceof HTTPException && error.status < 500) {
    const code = codeForStatus[error.status] ?? 'BAD_REQUEST'
    return c.json(
      { success: false as const, message: error.message || code, code, requestId: c.get('requestId') },
      error.status as ContentfulStatusCode,
    )
  }
  c.get('platform')?.logger.error({ err: error, requestId: c.get('requestId') }, 'unhandled error')
  return errorResponse(c, new AppError('INTERNAL', `Internal server error (request ${c.get('requestId')})`))
}
