import type { components } from './generated/paths'

type ErrorEnvelope = components['schemas']['ErrorEnvelope']

/** Every code the server answers with; each code's status and meaning are the spec's `ErrorCode`. */
export type EcodrixErrorCode = components['schemas']['ErrorCode']

/**
 * Codes the SDK gives when no error envelope came back: `TIMEOUT` and `NETWORK_ERROR` (status 0),
 * `REALTIME_CONNECTION_FAILED` (the real-time socket), `HTTP_<status>` (a non-envelope answer).
 */
export type EcodrixClientErrorCode = 'TIMEOUT' | 'NETWORK_ERROR' | 'REALTIME_CONNECTION_FAILED' | `HTTP_${number}`

/** What `EcodrixError.code` can be. */
export type EcodrixAnyErrorCode = EcodrixErrorCode | EcodrixClientErrorCode

export interface EcodrixErrorInit<Code extends EcodrixAnyErrorCode = EcodrixAnyErrorCode> {
  /** HTTP status; 0 when no response arrived (timeout, network failure). */
  status: number
  code: Code
  message: string
  requestId?: string | undefined
  details?: ErrorEnvelope['details']
  cause?: unknown
}

/** Thrown for every failed call: non-2xx answers, timeouts and network failures. */
export class EcodrixError<Code extends EcodrixAnyErrorCode = EcodrixAnyErrorCode> extends Error {
  override readonly name = 'EcodrixError'
  readonly status: number
  /** Codes are only ever added: a server newer than this SDK may answer one this type lacks. */
  readonly code: Code
  readonly requestId: string | undefined
  readonly details: ErrorEnvelope['details']

  constructor({ status, code, message, requestId, details, cause }: EcodrixErrorInit<Code>) {
    super(message, cause === undefined ? undefined : { cause })
    this.status = status
    this.code = code
    this.requestId = requestId
    this.details = details
  }
}

/** Whether `value` is an EcodrixError; given a code, whether it is one with that code (narrowing `code`). */
export function isEcodrixError(value: unknown): value is EcodrixError
export function isEcodrixError<Code extends EcodrixAnyErrorCode>(value: unknown, code: Code): value is EcodrixError<Code>
export function isEcodrixError(value: unknown, code?: EcodrixAnyErrorCode): value is EcodrixError {
  return isAnyEcodrixError(value) && (code === undefined || value.code === code)
}

function isAnyEcodrixError(value: unknown): value is EcodrixError {
  if (value instanceof EcodrixError) return true
  // The ESM and CJS builds each define their own class, so `instanceof` alone fails
  // when an error crosses from one copy of the SDK to the other.
  return (
    value instanceof Error &&
    value.name === 'EcodrixError' &&
    typeof (value as Partial<EcodrixError>).status === 'number' &&
    typeof (value as Partial<EcodrixError>).code === 'string'
  )
}

function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null) return false
  const { success, code, message } = body as Record<string, unknown>
  return success === false && typeof code === 'string' && typeof message === 'string'
}

/** Builds the error for a non-2xx answer from its (already parsed) body. */
export function errorFromResponse(response: Response, body: unknown): EcodrixError {
  const headerRequestId = response.headers.get('x-request-id') ?? undefined
  if (isErrorEnvelope(body)) {
    return new EcodrixError({
      status: response.status,
      code: body.code,
      message: body.message,
      requestId: body.requestId ?? headerRequestId,
      details: body.details,
    })
  }
  const reason = response.statusText ? ` ${response.statusText}` : ''
  return new EcodrixError({
    status: response.status,
    code: `HTTP_${response.status}`,
    message: `Request failed with status ${response.status}${reason}`,
    requestId: headerRequestId,
  })
}
