import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { type CallbackTarget, pinnedLookup } from './callback-url'

export interface PostOutcome {
  delivered: boolean
  statusCode: number | null
  error: string | null
}

function outcomeOf(statusCode: number, location: string | undefined): PostOutcome {
  if (statusCode >= 200 && statusCode < 300) return { delivered: true, statusCode, error: null }
  const error =
    statusCode >= 300 && statusCode < 400
      ? `receiver answered ${statusCode} (redirect to ${location ?? 'nowhere'} not followed)`
      : `receiver answered ${statusCode}`
  return { delivered: false, statusCode, error }
}

/**
 * One POST to the checked address (never another one the name may resolve to now), counted as
 * delivered on a 2xx answer within `timeoutMs`. Redirects are not followed: node:http never does.
 * The answer's body is not read.
 */
export function postCallback(options: {
  target: CallbackTarget
  headers: Record<string, string>
  body: string
  timeoutMs: number
}): Promise<PostOutcome> {
  const { target, headers, body, timeoutMs } = options
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    const req = send(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target),
        agent: false,
      },
      (res) => {
        clearTimeout(timer)
        resolve(outcomeOf(res.statusCode ?? 0, res.headers.location))
        res.destroy()
      },
    )
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    req.on('error', (error) => {
      clearTimeout(timer)
      resolve({ delivered: false, statusCode: null, error: error.message })
    })
    req.end(body)
  })
}
