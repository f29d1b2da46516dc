import { sql } from 'kysely'
import type { Platform } from '../platform'
import { inlinePayload, NOTIFY_PAYLOAD_MAX_BYTES, REALTIME_CHANNEL } from './channel'
import { storeAndNotifyFrame } from './realtime-frames.repository'

/**
 * What a tenant's real-time sockets receive, as `{type, data}` JSON frames (the spec's
 * `RealtimeFrame`): `message:new` and `message:status` carry the `WhatsappMessage`,
 * `conversation:updated` the `Conversation`, `conversation:deleted` `{ id }`, `callback:attempt` the
 * callback being posted (`RealtimeCallbackAttemptFrame`).
 */
export interface RealtimeFrame {
  type: 'message:new' | 'message:status' | 'conversation:updated' | 'conversation:deleted' | 'callback:attempt'
  data: Record<string, unknown>
}

/**
 * Publishes a frame to the tenant's sockets on every node (a NOTIFY each node's hub listens to;
 * a frame too big for a payload goes through `realtime_frames`, ADR 0019). Call after the commit
 * of the change it reports. Never throws back at the caller: a lost frame is a stale screen the
 * next fetch corrects, not a lost change.
 */
export async function publishRealtime(platform: Pick<Platform, 'db' | 'logger'>, clientCode: string, frame: RealtimeFrame): Promise<void> {
  try {
    const text = JSON.stringify({ type: frame.type, data: frame.data })
    const payload = inlinePayload(clientCode, text)
    if (Buffer.byteLength(payload) <= NOTIFY_PAYLOAD_MAX_BYTES) await sql`select pg_notify(${REALTIME_CHANNEL}, ${payload})`.execute(platform.db)
    else await storeAndNotifyFrame(platform.db, clientCode, text)
  } catch (error) {
    platform.logger.warn({ err: error, clientCode, type: frame.type }, 'could not publish a real-time event')
  }
}
