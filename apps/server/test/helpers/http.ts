import assert from 'node:assert/strict'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { TestServer } from './test-server'

export interface HttpResult<T = any> {
  status: number
  headers: Headers
  body: T
}

export interface RequestOptions {
  headers?: Record<string, string>
  /** Sent as JSON. */
  json?: unknown
  /** Sent as is (for malformed or oversize bodies). */
  raw?: string | Uint8Array
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item)
  }
  return headers
}

/**
 * A real HTTP request to the test server, through node:http rather than fetch so an answer the
 * server sends before reading the whole body (413) is still read. JSON answers are parsed.
 */
export function request(
  server: Pick<TestServer, 'url'>,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers }
  let body = options.raw
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    headers['content-type'] ??= 'application/json'
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, server.url), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const isJson = res.headers['content-type']?.includes('json') && text.length > 0
        resolve({ status: res.statusCode ?? 0, headers: toHeaders(res.headers), body: isJson ? JSON.parse(text) : text })
      })
    })
    // The server may answer and close before the whole body is written; the answer still counts.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)))
    req.end(body)
  })
}

export const adminHeaders = (server: Pick<TestServer, 'config'>) => ({ authorization: `Bearer ${server.config.adminKey}` })

export interface RefusalChecks {
  /** Said with every failed assertion (which case of a loop it was). */
  where?: string
  /** Input paths the answer's `details` must name (`body.phone`, `query.range`). */
  fields?: string[]
}

/** Asserts an error answer: the status, and the envelope `{ success: false, code, message }` with this code. */
export function expectRefused(response: Pick<HttpResult, 'status' | 'body'>, status: number, code: string, checks: RefusalChecks = {}): void {
  const context = `${checks.where ? `${checks.where}: ` : ''}${JSON.stringify(response.body)}`
  assert.equal(response.status, status, context)
  assert.equal(response.body?.success, false, context)
  assert.equal(response.body.code, code, context)
  assert.equal(typeof response.body.message, 'string', context)
  const named = (response.body.details ?? []).map((detail: { path: string }) => detail.path)
  for (const field of checks.fields ?? []) assert.ok(named.includes(field), `${field} not named in ${context}`)
}
