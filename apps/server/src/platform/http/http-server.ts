import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { Server as NetServer, type Socket } from 'node:net'
import { serve } from '@hono/node-server'
import type { HttpLimits } from '../../config/config-schema'

export interface HttpListener {
  port: number
  /**
   * Stops accepting connections and answers the requests in flight, each with `Connection: close`;
   * resolves once every connection has ended, cutting those left after `timeoutMs`.
   */
  close(timeoutMs: number): Promise<void>
}

/**
 * Past this much of a body the app did not read (a 413), the connection is cut; up to it the rest
 * is read and dropped, so a client still sending gets the answer instead of a reset (EPIPE).
 */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024

/**
 * At shutdown a keep-alive connection with no answer in progress is closed after this long
 * without a byte from the client: a request it had already sent is read and answered first,
 * where closing at once would reset it.
 */
const IDLE_GRACE_MS = 1_000

function discardUnreadBody(request: IncomingMessage): void {
  if (request.complete) return
  let discarded = 0
  // A web stream left reading the body would keep every dropped chunk.
  request.removeAllListeners('data')
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded > DISCARD_LIMIT_BYTES) request.socket.destroy()
  })
  request.resume()
}

function answerAsLast(request: IncomingMessage, response: ServerResponse): void {
  // The idle grace no longer applies once a request is being answered.
  request.socket.setTimeout(0)
  if (!response.headersSent) response.setHeader('connection', 'close')
}

/** Serves `fetch` over HTTP/1.1 with `limits` (timeouts against slow clients, connection caps). */
export function listenHttp(
  fetch: Parameters<typeof serve>[0]['fetch'],
  options: {
    port: number
    hostname: string
    limits: HttpLimits
    /** Takes requests asking to switch protocols (`Upgrade: websocket`); without it Node drops them. */
    onUpgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
  },
): Promise<HttpListener> {
  const { limits } = options
  const server = serve({
    fetch,
    port: options.port,
    hostname: options.hostname,
    // Its own clean-up cuts an unread body after 500 ms; discardUnreadBody does it with a bound.
    autoCleanupIncoming: false,
    serverOptions: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often both timeouts are checked (Node's default, 30 s, would let a slow client stay that much longer).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs / 2),
    },
  }) as Server
  server.maxConnections = limits.maxConnections
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket
  if (options.onUpgrade) server.on('upgrade', options.onUpgrade)

  let closing = false
  const sockets = new Set<Socket>()
  const inFlight = new Set<ServerResponse>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    inFlight.add(response)
    if (closing) answerAsLast(request, response)
    response.once('finish', () => {
      discardUnreadBody(request)
      if (closing) request.socket.setTimeout(IDLE_GRACE_MS)
    })
    response.once('close', () => inFlight.delete(response))
  })

  const close = (timeoutMs: number) =>
    new Promise<void>((resolve) => {
      closing = true
      const busy = new Set<Socket>()
      for (const response of inFlight) {
        if (response.socket) busy.add(response.socket)
        if (response.req) answerAsLast(response.req, response)
      }
      for (const socket of sockets) if (!busy.has(socket)) socket.setTimeout(IDLE_GRACE_MS)
      const force = setTimeout(() => server.closeAllConnections(), timeoutMs)
      // http.Server#close would also destroy idle connections at once; net.Server#close only stops accepting.
      NetServer.prototype.close.call(server, () => {
        clearTimeout(force)
        resolve()
      })
    })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.once('listening', () => resolve({ port: (server.address() as AddressInfo).port, close }))
  })
}
