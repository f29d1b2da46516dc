import type { IncomingMessage } from 'node:http'
import WebSocket from 'ws'
import { waitFor } from './wait-for'

export interface ReceivedFrame {
  type: string
  data: any
}

export interface TestSocket {
  ws: WebSocket
  /** Every frame received so far, parsed, in order. */
  frames: ReceivedFrame[]
  /** Resolves with the close code and reason once the socket has closed. */
  closed: Promise<{ code: number; reason: string }>
  /** The first frame received (or still to come) that `matches`. */
  frame(what: string, matches: (frame: ReceivedFrame) => boolean): Promise<ReceivedFrame>
}

export interface SocketOptions {
  /** Tenant headers (`x-api-key`, `x-client-code`) for header authentication. */
  headers?: Record<string, string>
  /** A token from POST /api/saas/realtime/token, sent as `?token=`. */
  token?: string
  /** Sent as `Origin`, as a browser does. */
  origin?: string
  /** False: the client never answers pings (a dead peer). */
  autoPong?: boolean
}

export interface RefusedUpgrade {
  status: number
  headers: IncomingMessage['headers']
  body: any
}

const socketUrl = (baseUrl: string, token: string | undefined) => {
  const url = new URL('/api/saas/realtime', baseUrl.replace(/^http/, 'ws'))
  if (token !== undefined) url.searchParams.set('token', token)
  return url
}

/** Opens `GET /api/saas/realtime` as a WebSocket: the open socket, or the HTTP answer that refused the upgrade. */
export function openSocket(server: { url: string }, options: SocketOptions = {}): Promise<TestSocket | RefusedUpgrade> {
  const ws = new WebSocket(socketUrl(server.url, options.token), {
    headers: options.headers ?? {},
    ...(options.origin ? { origin: options.origin } : {}),
    autoPong: options.autoPong ?? true,
  })
  const frames: ReceivedFrame[] = []
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())))
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        closed,
        frame: (what, matches) => waitFor(what, () => frames.find(matches)),
      }),
    )
    ws.once('unexpected-response', (_request, response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : undefined }))
    })
    ws.once('error', reject)
  })
}

export async function connectSocket(server: { url: string }, options: SocketOptions = {}): Promise<TestSocket> {
  const opened = await openSocket(server, options)
  if (!('ws' in opened)) throw new Error(`the upgrade was refused: ${opened.status} ${JSON.stringify(opened.body)}`)
  return opened
}

export async function refusedUpgrade(server: { url: string }, options: SocketOptions = {}): Promise<RefusedUpgrade> {
  const opened = await openSocket(server, options)
  if ('ws' in opened) {
    opened.ws.close()
    throw new Error('the upgrade was accepted')
  }
  return opened
}
