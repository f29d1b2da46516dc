import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { RealtimeLimits } from '../../config/config-schema'
import type { ControlTables } from '../database/control-tables'
import { listenToChannel } from '../database/channel-listener'
import { type Notice, REALTIME_CHANNEL, readPayload } from './channel'
import { readStoredFrames } from './realtime-frames.repository'
import { type AppFetch, upgradeListener } from './upgrade'
import { createSocketHub } from './socket-hub'

/** How the hub's connection shows in `pg_stat_activity`. */
export const REALTIME_LISTENER_NAME = 'ecodrix-realtime-listener'

export interface Realtime {
  /** The HTTP server's `upgrade` listener, running each upgrade request through `fetch` (the app). */
  upgrades(fetch: AppFetch): ReturnType<typeof upgradeListener>
  /** This node's sockets of the tenant, upgrades under way included. */
  socketCount(clientCode: string): number
  /** Closes every socket (1001), then the LISTEN connection. */
  close(): Promise<void>
}

/**
 * This node's real-time hub (ADR 0019): it LISTENs on `ecodrix_realtime` on a connection of its
 * own and fans each frame out to the node's sockets of its tenant, in the order published. When
 * that connection drops, frames published meanwhile are lost to this node: once it listens again
 * every socket gets a `resync` frame, as does a tenant whose big frame expired before it was read.
 */
export async function startRealtime(options: {
  connectionString: string
  db: Kysely<ControlTables>
  logger: Logger
  limits: RealtimeLimits
}): Promise<Realtime> {
  const { db, logger } = options
  const hub = createSocketHub({ limits: options.limits, logger })
  let queue: Notice[] = []
  let draining = false
  let missed = false

  /** Delivers the notices in order; big frames of tenants with sockets here are read by id, a batch at a time. */
  async function drain() {
    if (draining) return
    draining = true
    while (queue.length > 0) {
      const batch = queue
      queue = []
      const wanted = batch.flatMap((notice) => ('storedId' in notice && hub.hasSockets(notice.clientCode) ? [notice.storedId] : []))
      const stored = wanted.length === 0 ? new Map<string, string>() : await readStoredFrames(db, wanted).catch(() => new Map<string, string>())
      for (const notice of batch) {
        if ('frame' in notice) hub.deliver(notice.clientCode, notice.frame)
        else if (!hub.hasSockets(notice.clientCode)) continue
        else {
          const frame = stored.get(notice.storedId)
          if (frame) hub.deliver(notice.clientCode, frame)
          else hub.resync('frame_lost', notice.clientCode)
        }
      }
    }
    draining = false
  }

  const listener = await listenToChannel({
    connectionString: options.connectionString,
    channel: REALTIME_CHANNEL,
    applicationName: REALTIME_LISTENER_NAME,
    lostMessage: 'real-time channel lost: sockets will be told to resync once it is back, reconnecting',
    logger,
    onNotification(payload) {
      const notice = readPayload(payload)
      if (!notice) return
      queue.push(notice)
      void drain()
    },
    onListening() {
      if (missed) hub.resync('listener_reconnected')
      missed = false
    },
    onLost: () => (missed = true),
  })

  return {
    upgrades: (fetch) => upgradeListener(hub, fetch),
    socketCount: hub.socketCount,
    async close() {
      await hub.close()
      await listener.close()
    },
  }
}
