export interface BackoffOptions {
  baseDelayMs: number
  maxDelayMs: number
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, base · 2^retry)). */
export function backoffMs(retry: number, { baseDelayMs, maxDelayMs }: BackoffOptions): number {
  return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retry)
}

/** Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), if it is valid. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
