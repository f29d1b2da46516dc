const GRAPH_TIMEOUT_MS = 15_000

/** Where and as whom a tenant's number sends: Graph's base URL (with its version), the number, the token. */
export interface GraphAccount {
  graphUrl: string
  phoneNumberId: string
  token: string
}

/** Tokens starting with `mock_` are the development sandbox: sends succeed without network. */
export const isSandboxToken = (token: string) => token.startsWith('mock_')

/**
 * What `POST /{phone-number-id}/messages` came to. A failure is `retryable` when sending the same
 * message again later may succeed (Meta throttled the number or the pair, Graph or the network
 * failed); otherwise it is Meta's verdict on the message itself.
 */
export type GraphSendResult =
  | { ok: true; wamid: string }
  | { ok: false; retryable: boolean; code: number | null; title: string; details?: string | undefined }

interface GraphError {
  message?: string
  code?: number
  is_transient?: boolean
  error_data?: { details?: string }
}

interface GraphAnswer {
  messages?: { id?: string }[]
  error?: GraphError
}

/** Throughput (80 messages/s per number by default) and pair rate (about one message per 6 s to one user). */
export const THROUGHPUT_LIMIT_HIT = 130429
export const PAIR_RATE_LIMIT_HIT = 131056
const THROTTLED = new Set([THROUGHPUT_LIMIT_HIT, PAIR_RATE_LIMIT_HIT])

function failureOf(httpStatus: number, error: GraphError | undefined): GraphFailure {
  const code = error?.code ?? null
  const retryable = httpStatus === 429 || httpStatus >= 500 || (code !== null && THROTTLED.has(code)) || error?.is_transient === true
  // Graph's message is "(#131026) <title>".
  const title = error?.message?.replace(/^\(#\d+\)\s*/, '') || `Graph API answered HTTP ${httpStatus}`
  return { ok: false, retryable, code, title, details: error?.error_data?.details }
}

function networkFailure(error: unknown): GraphFailure {
  const timedOut = error instanceof DOMException && error.name === 'TimeoutError'
  // fetch reports network errors as "fetch failed" with the socket's error as the cause.
  const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message
  return { ok: false, retryable: true, code: null, title: `Graph API unreachable: ${timedOut ? `no answer within ${GRAPH_TIMEOUT_MS / 1000} s` : cause}` }
}

export type GraphFailure = Extract<GraphSendResult, { ok: false }>

/**
 * Posts one body to `/{phone-number-id}/messages` as the account (a message, or a read receipt,
 * which Graph answers `{success: true}`); every failure is a result, never a throw.
 */
export async function postToGraphMessages(
  fetcher: typeof fetch,
  account: GraphAccount,
  body: Record<string, unknown>,
): Promise<{ ok: true; answer: GraphAnswer | undefined } | GraphFailure> {
  let response: Response
  let answer: GraphAnswer | undefined
  try {
    response = await fetcher(`${account.graphUrl}/${encodeURIComponent(account.phoneNumberId)}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    })
    answer = (await response.json().catch(() => undefined)) as GraphAnswer | undefined
  } catch (error) {
    return networkFailure(error)
  }
  return response.ok ? { ok: true, answer } : failureOf(response.status, answer?.error)
}

/** Posts one Cloud API message body as the account; every failure is a result, never a throw. */
export async function postGraphMessage(fetcher: typeof fetch, account: GraphAccount, body: Record<string, unknown>): Promise<GraphSendResult> {
  const posted = await postToGraphMessages(fetcher, account, body)
  if (!posted.ok) return posted
  const wamid = posted.answer?.messages?.[0]?.id
  // Accepted, but without the id its statuses will name: it cannot be followed, so it is not called sent.
  if (!wamid) return { ok: false, retryable: false, code: null, title: 'Graph API accepted the message without a message id' }
  return { ok: true, wamid }
}
