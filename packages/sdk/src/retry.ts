import { type FetchFn, sendAttempt } from './attempt'
import { backoffMs, retryAfterMs, sleep } from './delay'
import { isEcodrixError } from './errors'

export interface RetryPolicy {
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
  timeoutMs: number
}

const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

// Blocking a call for longer than this is worse than handing the 429/503 to the caller.
const MAX_RETRY_AFTER_MS = 60_000

/** Repeating the request cannot apply it twice: its method is idempotent or the server deduplicates it by key. */
function isRepeatable(request: Request): boolean {
  return REPEATABLE_METHODS.has(request.method) || request.headers.has('idempotency-key')
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500
}

/**
 * Wraps `fetch` so that every attempt has its own timeout and repeatable requests are retried
 * after network errors, timeouts, 429 and 5xx answers.
 */
export function withRetries(fetch: FetchFn, policy: RetryPolicy): FetchFn {
  return async (request) => {
    const retries = isRepeatable(request) ? policy.maxRetries : 0
    for (let retry = 0; ; retry++) {
      const canRetry = retry < retries
      let response: Response
      try {
        // Each attempt consumes a clone, so the original body stays available for the next one.
        response = await sendAttempt(fetch, request.clone(), policy.timeoutMs)
      } catch (error) {
        if (!canRetry || !isEcodrixError(error)) throw error
        await sleep(backoffMs(retry, policy), request.signal)
        continue
      }
      if (!canRetry || !isRetryableStatus(response.status)) return response
      const delay = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(retry, policy)
      if (delay > MAX_RETRY_AFTER_MS) return response
      await sleep(delay, request.signal)
    }
  }
}
