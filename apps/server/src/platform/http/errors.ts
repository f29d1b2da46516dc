import type { z } from '@hono/zod-openapi'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorCodeSchema } from '../../generated/routes'

/**
 * Each error code's one HTTP status. The codes themselves are the spec's `ErrorCode` enum: the
 * compiler refuses this map when it misses one of them or holds one the spec lacks.
 */
export const errorStatus = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  VALIDATION_ERROR: 400,
  CALLBACK_URL_FORBIDDEN: 400,
  OAUTH_STATE_INVALID: 400,
  GOOGLE_OAUTH_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CLIENT_NOT_FOUND: 404,
  LEAD_NOT_FOUND: 404,
  NOTE_NOT_FOUND: 404,
  PIPELINE_NOT_FOUND: 404,
  STAGE_NOT_FOUND: 404,
  RULE_NOT_FOUND: 404,
  EVENT_LOG_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  MESSAGE_NOT_FOUND: 404,
  TEMPLATE_NOT_FOUND: 404,
  BROADCAST_NOT_FOUND: 404,
  CALLBACK_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  CLIENT_EXISTS: 409,
  DEFAULT_PIPELINE: 409,
  STAGE_HAS_LEADS: 409,
  LEAD_EXISTS: 409,
  MESSAGE_NOT_SENT: 409,
  BROADCAST_FINISHED: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DATASOURCE_UNREACHABLE: 422,
  IDEMPOTENCY_MISMATCH: 422,
  GOOGLE_NOT_CONFIGURED: 422,
  WHATSAPP_NOT_CONFIGURED: 422,
  WHATSAPP_REJECTED: 422,
  OUTSIDE_SERVICE_WINDOW: 422,
  TEMPLATE_NOT_APPROVED: 422,
  TEMPLATE_VARIABLE_EMPTY: 422,
  BROADCAST_NO_RECIPIENTS: 422,
  UPGRADE_REQUIRED: 426,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  GOOGLE_UNAVAILABLE: 502,
  WHATSAPP_UNAVAILABLE: 502,
  WHATSAPP_UPSTREAM_ERROR: 502,
  DB_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
} as const satisfies Record<z.infer<typeof ErrorCodeSchema>, ContentfulStatusCode>

export type ErrorCode = keyof typeof errorStatus

export interface ErrorDetail {
  path: string
  message: string
}

/** 400 VALIDATION_ERROR naming one field, worded as the validators word theirs (`Invalid request: <path>: <message>`). */
export function invalidField(path: string, message: string): AppError {
  return new AppError('VALIDATION_ERROR', `Invalid request: ${path}: ${message}`, [{ path, message }])
}

/** The only error services throw on purpose; `onError` turns it into the error envelope. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: ErrorDetail[] | undefined
  /** Response headers the answer carries (a 429's `Retry-After`). */
  readonly headers: Record<string, string> | undefined

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[], headers?: Record<string, string>) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
    this.headers = headers
  }

  get status(): ContentfulStatusCode {
    return errorStatus[this.code]
  }
}
