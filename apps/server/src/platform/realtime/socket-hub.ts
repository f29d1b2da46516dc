import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import { WebSocket, WebSocketServer } from 'ws'
import type { RealtimeLimits } from '../../config/config-schema'
import { AppError } from '../http/errors'

/** Close codes (RFC 6455 §7.4.1). */
const GOING_AWAY = 1001
const TRY_AGAIN_LATER = 1013
/** At shutdown, how long a socket has to answer the closing handshake before it is cut. */
const CLOSE_GRACE_MS = 1_000
/** Clients send nothing the hub reads; a bigger message than this closes their socket (1009). */
const MAX_CLIENT_MESSAGE_BYTES = 4_096

interface Member {
  ws: WebSocket
  clientCode: string
  /** A pong came since the last ping. */
  alive: boolean
}

/** A place among a tenant's sockets, taken when the upgrade is accepted; released when it fails or the socket joins. */
export interface Reservation {
  clientCode: string
  release(): void
}

export type SocketHub = ReturnType<typeof createSocketHub>

/**
 * This node's real-time sockets, by tenant: frames fanned out to a tenant's sockets, heartbeats,
 * slow sockets dropped, a bound on each tenant's sockets, and all of them closed at shutdown.
 */
export function createSocketHub({ limits, logger }: { limits: RealtimeLimits; logger: Logger }) {
  const server = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: MAX_CLIENT_MESSAGE_BYTES })
  /** The sockets frames go to. */
  const receiving = new Map<string, Set<Member>>()
  const reserved = new Map<string, number>()
  /** Every socket until it has closed, dropped ones included. */
  const open = new Set<Member>()
  let closing = false

  const adjustReserved = (clientCode: string, by: number) => {
    const count = (reserved.get(clientCode) ?? 0) + by
    if (count > 0) reserved.set(clientCode, count)
    else reserved.delete(clientCode)
  }
  const socketCount = (clientCode: string) => (receiving.get(clientCode)?.size ?? 0) + (reserved.get(clientCode) ?? 0)

  function stopReceiving(member: Member) {
    const members = receiving.get(member.clientCode)
    if (!members?.delete(member)) return
    if (members.size === 0) receiving.delete(member.clientCode)
  }

  /** Queued bytes past the bound: no more frames are queued, and the socket is closed behind those it has. */
  function drop(member: Member) {
    stopReceiving(member)
    member.ws.close(TRY_AGAIN_LATER, 'Too slow: frames were not read in time')
    logger.info({ clientCode: member.clientCode, buffered: member.ws.bufferedAmount }, 'dropped a slow real-time socket')
  }

  function join(reservation: Reservation, ws: WebSocket) {
    reservation.release()
    const member: Member = { ws, clientCode: reservation.clientCode, alive: true }
    open.add(member)
    ws.on('pong', () => (member.alive = true))
    ws.on('error', (error) => logger.debug({ err: error, clientCode: member.clientCode }, 'real-time socket error'))
    ws.once('close', () => {
      stopReceiving(member)
      open.delete(member)
    })
    if (closing) {
      ws.close(GOING_AWAY, 'Server shutting down')
      return
    }
    const members = receiving.get(member.clientCode) ?? new Set<Member>()
    receiving.set(member.clientCode, members.add(member))
  }

  /** Sends a frame (its JSON text) to each of the tenant's sockets, dropping those too slow to take it. */
  function deliver(clientCode: string, frame: string) {
    const members = receiving.get(clientCode)
    if (!members) return
    const data = Buffer.from(frame)
    for (const member of members) {
      if (member.ws.readyState !== WebSocket.OPEN) continue
      if (member.ws.bufferedAmount > limits.maxBufferedBytes) drop(member)
      else member.ws.send(data, { binary: false })
    }
  }

  const heartbeat = setInterval(() => {
    for (const member of open) {
      if (!member.alive) {
        member.ws.terminate()
        continue
      }
      member.alive = false
      member.ws.ping()
    }
  }, limits.heartbeatMs)
  heartbeat.unref()

  return {
    /** Sockets of the tenant on this node, upgrades under way included. */
    socketCount,

    reserve(clientCode: string): Reservation {
      if (closing) throw new AppError('SHUTTING_DOWN', 'This node is shutting down; connect again')
      if (socketCount(clientCode) >= limits.maxSocketsPerTenant) {
        throw new AppError('RATE_LIMITED', `At most ${limits.maxSocketsPerTenant} real-time sockets per tenant on one node; close one first`)
      }
      adjustReserved(clientCode, 1)
      let held = true
      return {
        clientCode,
        release() {
          if (held) adjustReserved(clientCode, -1)
          held = false
        },
      }
    },

    /** Completes the handshake (`headers` added to the 101) and adds the socket to the tenant's. */
    upgrade(reservation: Reservation, request: IncomingMessage, socket: Duplex, head: Buffer, headers: string[]) {
      const addHeaders = (lines: string[]) => lines.push(...headers)
      // Emitted synchronously inside handleUpgrade, so it only ever sees this request's handshake.
      server.on('headers', addHeaders)
      try {
        server.handleUpgrade(request, socket, head, (ws) => join(reservation, ws))
      } finally {
        server.off('headers', addHeaders)
      }
    },

    /** Whether frames for the tenant have anywhere to go on this node. */
    hasSockets: (clientCode: string) => receiving.has(clientCode),

    deliver,

    /** Tells sockets their view may be stale (frames were missed): every socket, or the tenant's. */
    resync(reason: string, clientCode?: string) {
      const frame = JSON.stringify({ type: 'resync', data: { reason } })
      for (const code of clientCode === undefined ? [...receiving.keys()] : [clientCode]) deliver(code, frame)
    },

    /** Refuses new sockets, closes every open one with 1001 and cuts those that do not answer within a second. */
    async close(): Promise<void> {
      closing = true
      clearInterval(heartbeat)
      const closed = [...open].map(
        (member) =>
          new Promise<void>((resolve) => {
            member.ws.once('close', () => resolve())
            member.ws.close(GOING_AWAY, 'Server shutting down')
          }),
      )
      const cut = setTimeout(() => {
        for (const member of open) member.ws.terminate()
      }, CLOSE_GRACE_MS)
      await Promise.all(closed)
      clearTimeout(cut)
    },
  }
}
