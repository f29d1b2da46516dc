import type { components } from './generated/paths'

type ErrorEnvelope = components['schemas']['ErrorEnvelope']

export interface EcodrixErrorInit {
  /** HTTP status; 0 when no response arrived (timeout, network failure). */
  status: number
  code: string
  message: string
  requestId?: string | undefined
  details?: ErrorEnvelope['details']
  cause?: unknown
}

/** Thrown for every failed call: non-2xx answers, timeouts and network failures. */
export class EcodrixError extends Error {
  override readonly name = 'EcodrixError'
  readonly status: number
  readonly code: string
  readonly requestId: string | undefined
  readonly details: ErrorEnvelope['details']

  constructor({ status, code, message, requestId, details, cause }: EcodrixErrorInit) {
    super(message, cause === undefined ? undefined : { cause })
    this.status = status
    this.code = code
    this.requestId = requestId
    this.details = details
  }
}

export function isEcodrixError(value: unknown): value is EcodrixError {
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
