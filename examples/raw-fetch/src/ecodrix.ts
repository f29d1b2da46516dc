// What a client's server writes to call ECODrIx with plain fetch and no SDK (the API reference's
// Client Integration Guide). Call it from server code only: the API key must never reach a browser.

/** A refused call: the error envelope's `code` and `message`, with the HTTP status. */
export class EcodrixApiError extends Error {
  override name = 'EcodrixApiError'
  readonly status: number
  readonly code: string
  readonly requestId: string | undefined

  constructor(status: number, code: string, message: string, requestId: string | undefined) {
    super(message)
    this.status = status
    this.code = code
    this.requestId = requestId
  }
}

/** The HTTP status and the success envelope's `data`. */
export interface Answer {
  status: number
  data: any
}

/** One request. Throws EcodrixApiError unless the answer is `{ success: true, data }`. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers: Record<string, string>; body?: unknown },
): Promise<Answer> {
  const hasBody = options.body !== undefined
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, {
    method,
    headers: hasBody ? { ...options.headers, 'content-type': 'application/json' } : options.headers,
    body: hasBody ? JSON.stringify(options.body) : undefined,
  })
  const json = await res.json().catch(() => undefined)
  if (json?.success !== true) {
    throw new EcodrixApiError(
      res.status,
      json?.code ?? `HTTP_${res.status}`,
      json?.message ?? `HTTP ${res.status}`,
      json?.requestId ?? res.headers.get('x-request-id') ?? undefined,
    )
  }
  return { status: res.status, data: json.data }
}

export interface TenantCredentials {
  baseUrl: string
  apiKey: string
  clientCode: string
}

/** The tenant's calls, authenticated by its two headers. Add one line per endpoint you use. */
export function createErix({ baseUrl, apiKey, clientCode }: TenantCredentials) {
  const headers = { 'x-api-key': apiKey, 'x-client-code': clientCode }
  return {
    getHealth: () => call(baseUrl, 'GET', '/api/saas/health/client', { headers }),
    allowCorsOrigin: (url: string) => call(baseUrl, 'POST', '/api/saas/cors', { headers, body: { url } }),
  }
}
