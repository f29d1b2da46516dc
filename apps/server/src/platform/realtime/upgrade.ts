import { type IncomingMessage, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { AppError } from '../http/errors'
import type { SocketHub } from './socket-hub'

/**
 * What the server hands the app with an upgrade request (`c.env.upgrade`): the operation that
 * authorised it calls `accept`, and the connection becomes a socket of that tenant once the app
 * has answered (refused: the app's answer, an error envelope, is sent instead).
 */
export interface UpgradeOffer {
  /** Takes a place among the tenant's sockets (429 past the limit); the answer is a placeholder for the 101. */
  accept(clientCode: string): Response
}

export type AppFetch = (request: Request, env: { upgrade: UpgradeOffer }) => Response | Promise<Response>

const webSocketKey = /^[+/0-9A-Za-z]{22}==$/

/** Headers of the app's answer that describe the connection or the handshake, not the request; the 101 sets its own. */
const connectionHeaders = new Set(['connection', 'content-length', 'content-type', 'keep-alive', 'transfer-encoding', 'upgrade'])

function checkHandshake(request: IncomingMessage): void {
  const version = request.headers['sec-websocket-version']
  const valid =
    request.headers.upgrade?.toLowerCase() === 'websocket' &&
    webSocketKey.test(request.headers['sec-websocket-key'] ?? '') &&
    (version === '13' || version === '8')
  if (!valid) {
    throw new AppError('BAD_REQUEST', 'Not a WebSocket handshake: Upgrade: websocket, a Sec-WebSocket-Key and Sec-WebSocket-Version 13 are needed')
  }
}

function requestOf(incoming: IncomingMessage): Request {
  const headers = new Headers()
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!)
  return new Request(new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? 'localhost'}`), { headers })
}

/** The answer's headers as `name: value` lines, less those of the connection. */
function headerLines(headers: Headers): string[] {
  const lines: string[] = []
  headers.forEach((value, name) => {
    if (!connectionHeaders.has(name)) lines.push(`${name}: ${value}`)
  })
  return lines
}

async function writeAnswer(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer())
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`, ...headerLines(response.headers)]
  lines.push(`content-type: ${response.headers.get('content-type') ?? 'application/json'}`, `content-length: ${body.length}`, 'connection: close')
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]))
}

const malformed = () =>
  new Response(JSON.stringify({ success: false, message: 'Malformed request', code: 'BAD_REQUEST' }), { status: 400 })

/**
 * The HTTP server's `upgrade` listener. Every upgrade request goes through the app like any request
 * (request id, input guards, authentication, the operation), so a refusal is the usual error
 * envelope, sent before anything is upgraded; one the app accepted becomes a socket of the hub.
 */
export function upgradeListener(hub: SocketHub, fetch: AppFetch) {
  return (incoming: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node leaves an upgraded socket without an error listener: an unhandled error would end the process.
    socket.on('error', () => socket.destroy())
    let reservation: ReturnType<SocketHub['reserve']> | undefined
    const offer: UpgradeOffer = {
      accept(clientCode) {
        checkHandshake(incoming)
        reservation = hub.reserve(clientCode)
        socket.once('close', reservation.release)
        return new Response(null)
      },
    }
    let request: Request
    try {
      request = requestOf(incoming)
    } catch {
      void writeAnswer(socket, malformed())
      return
    }
    Promise.resolve(fetch(request, { upgrade: offer }))
      .then((response) => (reservation ? hub.upgrade(reservation, incoming, socket, head, headerLines(response.headers)) : writeAnswer(socket, response)))
      .catch(() => socket.destroy())
  }
}
