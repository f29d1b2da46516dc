import { EcodrixError } from './errors'

export type FetchFn = (request: Request) => Promise<Response>

// `new Response()` refuses a body, even an empty one, for these statuses.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/**
 * Sends one attempt under its own timeout. The body is read inside that timeout too, so a server
 * that sends headers and then stalls cannot hang the call. Timeouts and network failures become
 * an EcodrixError; an abort by the caller's signal rejects with the signal's reason.
 */
export async function sendAttempt(fetch: FetchFn, request: Request, timeoutMs: number): Promise<Response> {
  const callerSignal = request.signal
  const controller = new AbortController()
  const abortFromCaller = () => controller.abort(callerSignal.reason)
  if (callerSignal.aborted) abortFromCaller()
  else callerSignal.addEventListener('abort', abortFromCaller, { once: true })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)

  try {
    const response = await fetch(new Request(request, { signal: controller.signal }))
    const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer()
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  } catch (error) {
    if (callerSignal.aborted) throw callerSignal.reason
    const target = `${request.method} ${request.url}`
    if (timedOut) {
      throw new EcodrixError({ status: 0, code: 'TIMEOUT', message: `${target} timed out after ${timeoutMs} ms` })
    }
    throw new EcodrixError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: `${target} failed: ${describe(error)}`,
      cause: error,
    })
  } finally {
    clearTimeout(timer)
    callerSignal.removeEventListener('abort', abortFromCaller)
  }
}

// Node's fetch rejects with a bare "fetch failed" and puts the useful reason in `cause`.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message
}
