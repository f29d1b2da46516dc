import { backoffMs } from './delay'
import { EcodrixError } from './errors'
import type { components } from './generated/paths'

/** A frame of `GET /api/saas/realtime`, as the spec's `RealtimeFrame` describes it. */
export type RealtimeFrame = components['schemas']['RealtimeFrame']
export type RealtimeFrameType = RealtimeFrame['type']
export type RealtimeFrameData<T extends RealtimeFrameType> = Extract<RealtimeFrame, { type: T }>['data']

/** What `on` can listen to: each frame type (its `data`), and the connection's own events. */
export type RealtimeEvents = { [T in RealtimeFrameType]: RealtimeFrameData<T> } & {
  /** A socket is open (the first, or one after a reconnection). */
  open: undefined
  /** The socket closed; unless `close()` was called, a new one is opened after a backoff. */
  close: { code: number; reason: string }
  /** Connecting failed (refused, unreachable, or the token provider threw); it is tried again after a backoff. */
  error: EcodrixError
}

/** The part of a WebSocket the helper uses: browsers', Node ≥ 22's global one, and the `ws` package's all have it. */
export interface WebSocketLike {
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: any) => void): void
  close(code?: number, reason?: string): void
}

/** `new WebSocket(url)`, or `new WebSocket(url, { headers })` for header authentication (not in browsers). */
export type WebSocketConstructor = new (url: string, options?: any) => WebSocketLike

interface ConnectionOptions {
  /** Where the API is served, e.g. `https://api.ecodrix.com` (`ws(s)://` is used for the socket). */
  baseUrl: string
  /** Default `globalThis.WebSocket`. On Node < 22 pass `WebSocket` from the `ws` package. */
  WebSocket?: WebSocketConstructor
  /** Reconnection n waits a random time below min(retryMaxDelayMs, retryBaseDelayMs · 2^n). Default 500. */
  retryBaseDelayMs?: number
  /** Default 30 000. */
  retryMaxDelayMs?: number
}

export type RealtimeOptions = ConnectionOptions &
  (
    | {
        /** Server-side (Node): the tenant's API key headers. A browser's WebSocket cannot send headers: use `token`. */
        apiKey: string
        clientCode: string
        token?: never
      }
    | {
        /**
         * Browsers: returns a token from `POST /api/saas/realtime/token` (which the tenant's server
         * asks for, so the API key stays there). Called for every connection: a token connects once
         * within a minute.
         */
        token: () => string | Promise<string>
        apiKey?: never
        clientCode?: never
      }
  )

export interface RealtimeConnection {
  /**
   * Calls `handler` with each frame of this type (its `data`) or connection event; returns the
   * function that stops it. `resync` also fires after every reconnection (`reason: 'reconnected'`):
   * frames sent while disconnected are not replayed, so fetch what is shown again.
   */
  on<K extends keyof RealtimeEvents>(type: K, handler: (data: RealtimeEvents[K]) => void): () => void
  /** Closes the socket (1000) and stops reconnecting. */
  close(): void
}

const NORMAL_CLOSURE = 1000

function socketUrl(baseUrl: string): string {
  const url = new URL('/api/saas/realtime', baseUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

/** A text message holding `{type, data}`; anything else (a newer server's binary frame, say) is skipped. */
function parseFrame(data: unknown): RealtimeFrame | undefined {
  if (typeof data !== 'string') return undefined
  try {
    const value: unknown = JSON.parse(data)
    const isFrame = typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'data' in value
    return isFrame ? (value as RealtimeFrame) : undefined
  } catch {
    return undefined
  }
}

function connectionError(event: unknown, cause?: unknown): EcodrixError {
  // `ws` says why ("Unexpected server response: 401"); a browser's error event says nothing.
  const detail = (event as { message?: unknown } | undefined)?.message
  const message = typeof detail === 'string' && detail ? detail : 'The real-time socket could not connect'
  const status = Number(/server response: (\d{3})/.exec(message)?.[1] ?? 0)
  return new EcodrixError({ status, code: 'REALTIME_CONNECTION_FAILED', message, cause })
}

/**
 * The tenant's real-time events (`GET /api/saas/realtime`): typed frames, reconnected with backoff
 * (a fresh token each time) until `close()`.
 */
export function realtime(options: RealtimeOptions): RealtimeConnection {
  const found = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (!found) throw new TypeError('No WebSocket here (Node < 22): pass `WebSocket` from the ws package')
  const Socket = found
  const backoff = { baseDelayMs: options.retryBaseDelayMs ?? 500, maxDelayMs: options.retryMaxDelayMs ?? 30_000 }
  const handlers = new Map<keyof RealtimeEvents, Set<(data: any) => void>>()
  let socket: WebSocketLike | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let retries = 0
  let openedBefore = false
  let closed = false

  const emit = <K extends keyof RealtimeEvents>(type: K, data: RealtimeEvents[K]) => {
    for (const handler of handlers.get(type) ?? []) handler(data)
  }

  const reconnectLater = () => {
    if (closed) return
    retryTimer = setTimeout(() => void connect(), backoffMs(retries++, backoff))
  }

  /** The socket, unless `close()` was called while the token was being fetched. */
  async function open(): Promise<WebSocketLike | undefined> {
    const url = socketUrl(options.baseUrl)
    if (!options.token) return new Socket(url, { headers: { 'x-api-key': options.apiKey, 'x-client-code': options.clientCode } })
    const token = await options.token()
    return closed ? undefined : new Socket(`${url}?${new URLSearchParams({ token })}`)
  }

  async function connect(): Promise<void> {
    let ws: WebSocketLike | undefined
    try {
      ws = await open()
    } catch (error) {
      emit('error', connectionError(undefined, error))
      reconnectLater()
      return
    }
    if (!ws) return
    socket = ws
    ws.addEventListener('open', () => {
      retries = 0
      emit('open', undefined)
      if (openedBefore) emit('resync', { reason: 'reconnected' })
      openedBefore = true
    })
    ws.addEventListener('message', (event: { data: unknown }) => {
      const frame = parseFrame(event.data)
      if (frame) emit(frame.type, frame.data as never)
    })
    ws.addEventListener('error', (event: unknown) => emit('error', connectionError(event)))
    ws.addEventListener('close', (event: { code: number; reason: string }) => {
      if (socket === ws) socket = undefined
      emit('close', { code: event.code, reason: event.reason })
      reconnectLater()
    })
  }

  void connect()
  return {
    on(type, handler) {
      const set = handlers.get(type) ?? new Set()
      handlers.set(type, set.add(handler))
      return () => void set.delete(handler)
    },
    close() {
      closed = true
      clearTimeout(retryTimer)
      socket?.close(NORMAL_CLOSURE)
    },
  }
}
