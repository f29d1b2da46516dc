import { setTimeout as sleep } from 'node:timers/promises'
import type { TenantContext } from '../../../platform/platform'
import { countWaitingOutboundMessages } from '../messages/messages.repository'
import { sendingNumberOf } from '../sending/sending-number'
import { wakeSender } from '../sending/wake-sender'
import { completeBroadcastIfDone, dueBroadcasts, nextBroadcastStartAt } from './broadcasts.repository'
import { feedBroadcastChunk } from './feed-broadcast-chunk'
import { wakeFeeder } from './wake-feeder'

/** A job feeds for this long, then hands on to the next job (any node's), as the sender's slices do. */
const SLICE_MS = 5_000
/** The queue is kept this many seconds of sends ahead: enough to never starve the sender, little for an agent's reply to wait behind. */
const BACKLOG_SECONDS = 3
const MIN_BACKLOG = 20
/** Recipients queued by one transaction. */
const CHUNK = 500
/** How often the queue is looked at while recipients wait, and while only their last messages drain. */
const FEEDING_POLL_MS = 250
const DRAINING_POLL_MS = 1_000

/**
 * One slice of the tenant's broadcasts: keeps the number's outbound queue a few seconds of sends
 * ahead by handing it the next recipients of the broadcasts under way (oldest start first), and
 * marks a broadcast completed once its last message has left the queue. The next slice is queued
 * for when a broadcast is under way or next starts.
 */
export async function feedBroadcasts(ctx: TenantContext): Promise<void> {
  const { db } = ctx.tenant
  const rate = (await sendingNumberOf(ctx))?.messagesPerSecond ?? 80
  const backlog = Math.max(MIN_BACKLOG, Math.ceil(rate * BACKLOG_SECONDS))
  const deadline = Date.now() + SLICE_MS
  while (Date.now() < deadline) {
    const due = await dueBroadcasts(db)
    if (due.length === 0) break
    let room = backlog - (await countWaitingOutboundMessages(db))
    let fed = 0
    for (const broadcast of due) {
      if (room <= 0) break
      const queued = await feedBroadcastChunk(ctx, broadcast.id, Math.min(room, CHUNK))
      if (queued === 0) await completeBroadcastIfDone(db, broadcast.id)
      room -= queued
      fed += queued
    }
    if (fed > 0) await wakeSender(ctx)
    await sleep(fed > 0 || room <= 0 ? FEEDING_POLL_MS : DRAINING_POLL_MS)
  }
  const next = await nextBroadcastStartAt(db)
  if (next) await wakeFeeder(ctx, next)
}
