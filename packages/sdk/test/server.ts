import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestContext } from 'node:test'
import { createEcodrix, type EcodrixOptions } from '../src/index'

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** The nth request (from 1) the server received; the handler decides how to (mis)behave. */
export type Handler = (request: ReceivedRequest, response: ServerResponse, nth: number) => void

export interface TestServer {
  baseUrl: string
  requests: ReceivedRequest[]
}

/** A real HTTP server on a free port, closed (with any hanging connections) when the test ends. */
export async function startServer(t: TestContext, handle: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = []
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
    requests.push(received)
    handle(received, res, requests.length)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    server.closeAllConnections()
    server.close()
  })
  const { port } = server.address() as AddressInfo
  return { baseUrl: `http://127.0.0.1:${port}`, requests }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(body))
}

/** A tenant client with backoff short enough for tests. */
export function tenantClient(server: TestServer, options: Partial<EcodrixOptions> = {}) {
  return createEcodrix({
    baseUrl: server.baseUrl,
    apiKey: 'ecx_test_key',
    clientCode: 'acme',
    retryBaseDelayMs: 1,
    ...options,
  })
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** Compiles only when A and B are the same type (checked by `npm run typecheck`). */
export function assertSameType<A, B>(_proof: Equal<A, B>): void {}
