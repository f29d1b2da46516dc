import { randomBytes } from 'node:crypto'
import type { ActionOutcome } from './action-executor'

const GRAPH_TIMEOUT_MS = 15_000

export interface TemplateSend {
  to: string
  templateName: string
  language: string
  parameters: string[]
}

export interface GraphAccount {
  graphUrl: string
  phoneNumberId: string
  token: string
}

interface GraphAnswer {
  messages?: { id?: string }[]
  error?: { message?: string; code?: number; error_data?: { details?: string } }
}

/** The Cloud API's template message; `components` only when there are parameters. */
export function templateMessage({ to, templateName, language, parameters }: TemplateSend) {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: templateName,
      language: { code: language },
      ...(parameters.length > 0 ? { components: [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }] } : {}),
    },
  }
}

/** Tokens starting with `mock_` are the development sandbox: the send succeeds without network. */
export const isSandboxToken = (token: string) => token.startsWith('mock_')

function graphFailure(httpStatus: number, answer: GraphAnswer | undefined): ActionOutcome {
  const error = answer?.error
  if (!error) return { status: 'failed', reason: `WhatsApp error: HTTP ${httpStatus}`, result: { httpStatus } }
  // Graph messages repeat the code as a "(#132000) " prefix.
  const message = (error.message ?? 'unknown error').replace(/^\(#\d+\)\s*/, '')
  const details = error.error_data?.details ? ` (${error.error_data.details})` : ''
  return { status: 'failed', reason: `WhatsApp error ${error.code ?? httpStatus}: ${message}${details}`, result: { code: error.code ?? null, httpStatus } }
}

/** Sends a template message through the Graph API (or the sandbox); every failure is an outcome. */
export async function sendTemplateMessage(fetcher: typeof fetch, account: GraphAccount, send: TemplateSend): Promise<ActionOutcome> {
  if (isSandboxToken(account.token)) {
    return { status: 'ok', result: { messageId: `wamid.mock_${randomBytes(12).toString('hex')}`, to: send.to, simulated: true } }
  }
  let response: Response
  let answer: GraphAnswer | undefined
  try {
    response = await fetcher(`${account.graphUrl}/${encodeURIComponent(account.phoneNumberId)}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(templateMessage(send)),
      signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    })
    answer = (await response.json().catch(() => undefined)) as GraphAnswer | undefined
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError'
    // fetch reports network errors as "fetch failed" with the socket's error as the cause.
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message
    return { status: 'failed', reason: `WhatsApp request failed: ${timedOut ? `no answer within ${GRAPH_TIMEOUT_MS / 1000} s` : cause}` }
  }
  if (!response.ok) return graphFailure(response.status, answer)
  return { status: 'ok', result: { messageId: answer?.messages?.[0]?.id ?? null, to: send.to } }
}
