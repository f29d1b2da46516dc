import { webhookExamples } from '../generated/spec-examples'
import { type EcodrixCallback, type EcodrixWebhookPayload, signWebhook } from '../webhooks'

export interface SignedCallbackOptions {
  /** Where the request is addressed (your route's URL); only `Request` needs one. */
  url?: string
  /** `webhook-id`; by default the payload's `id`, as ECODrIx sends it. */
  id?: string
  /** `webhook-timestamp` in Unix seconds; now unless given (an old one tests your tolerance). */
  timestamp?: number
}

/**
 * The request ECODrIx would POST to your callback route with `payload`, signed with `secret` both
 * ways (Standard Webhooks and `x-ecodrix-signature`), for your receiver's own tests:
 * `await POST(await signedCallback(callbackExample(), process.env.ECODRIX_WEBHOOK_SECRET!))`.
 * A string payload is sent as it is (to test a body that is not JSON).
 */
export async function signedCallback(payload: EcodrixWebhookPayload | string, secret: string, options: SignedCallbackOptions = {}): Promise<Request> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  const payloadId = typeof payload === 'object' && 'id' in payload ? payload.id : undefined
  const headers = await signWebhook({ body, secret, id: options.id ?? payloadId, timestamp: options.timestamp })
  return new Request(options.url ?? 'http://localhost/api/ecodrix-callback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'ECODrIx-Webhooks/1', ...headers },
    body,
  })
}

/** The spec's example `workflow.completed` callback body, with `changes` applied (a copy). */
export function callbackExample(changes: Partial<EcodrixCallback> = {}): EcodrixCallback {
  return { ...(structuredClone(webhookExamples['workflow.completed']) as EcodrixCallback), ...changes }
}
