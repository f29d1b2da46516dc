import { setTimeout as sleep } from 'node:timers/promises'
import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import { toMessageView } from '../messages/message-view'
import { claimDueOutboundMessages, type ClaimedOutboundMessage, type MessageRow, nextOutboundDueAt, type SendOutcome } from '../messages/messages.repository'
import { createOutcomeRecorder } from './outcome-recorder'
import { createSandboxReporter, type SandboxReporter } from './sandbox-statuses'
import { sendClaimedMessage } from './send-claimed-message'
import { takeSendSlots } from './send-pacing.repository'
import { NOT_CONFIGURED, type SendingNumber, sendingNumberOf } from './sending-number'
import { isSandboxToken } from '../graph/graph-client'
import { wakeSender } from './wake-sender'

/** A job sends for this long, then hands the rest of the queue to the next job (any node's): short enough to stop promptly. */
const SLICE_MS = 5_000
/** Graph calls awaiting their answer at once, per job. */
const MAX_IN_FLIGHT = 200
/** How long before a claim's last slot the next claim is made (its statements take a few milliseconds; under load, tens). */
const CLAIM_LEAD_MS = 50
/** How often a queue whose due messages other workers hold is looked at again. */
const BUSY_POLL_MS = 100

/** A claim takes up to a quarter second of the number's slots: few enough to be sent on time, enough to share statements. */
const claimSize = (number: SendingNumber | undefined) => Math.max(1, Math.min(50, Math.ceil((number?.messagesPerSecond ?? 50) / 4)))

function publishStatuses(ctx: TenantContext, sandbox: SandboxReporter | undefined) {
  return async (rows: MessageRow[]) => {
    for (const row of rows) await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:status', data: toMessageView(row) })
    sandbox?.sent(rows)
  }
}

/**
 * One slice of the tenant's outbound queue: claims due messages (each conversation's one at a time,
 * in order), takes their send slots from the number's pacing row, sends each at its slot, and stores
 * each outcome as it comes. Claims never run ahead of the slots they took, so a stopping node holds
 * little in flight. When the slice ends with messages left (due now or after a backoff), the next
 * job is queued for when they are due.
 */
export async function sendQueuedMessages(ctx: TenantContext): Promise<void> {
  const number = await sendingNumberOf(ctx)
  const { db } = ctx.tenant
  const sandbox = number && isSandboxToken(number.token) ? createSandboxReporter(ctx) : undefined
  const recorder = createOutcomeRecorder(ctx, publishStatuses(ctx, sandbox))
  const inFlight = new Set<Promise<void>>()
  const settle = (work: Promise<SendOutcome>) => {
    const done = work.then((outcome) => recorder.store(outcome))
    inFlight.add(done)
    void done.finally(() => inFlight.delete(done))
  }
  const sendAt = (waitMs: number, message: ClaimedOutboundMessage) =>
    sleep(waitMs)
      .then(() => sendClaimedMessage(ctx, number!, message))
      .catch((error: unknown): SendOutcome => {
        ctx.platform.logger.error({ err: error, clientCode: ctx.tenant.clientCode, messageId: message.id }, 'WhatsApp send step failed')
        return { id: message.id, outcome: 'retry', retryInMs: ctx.platform.config.whatsappSendRetryScheduleMs[0] ?? 1_000 }
      })

  const deadline = Date.now() + SLICE_MS
  let nextDue: Date | undefined
  try {
    while (Date.now() < deadline) {
      if (inFlight.size >= MAX_IN_FLIGHT) {
        await Promise.race(inFlight)
        continue
      }
      const claimed = await claimDueOutboundMessages(db, Math.min(claimSize(number), MAX_IN_FLIGHT - inFlight.size))
      if (claimed.length === 0) {
        // Messages waiting for one in flight here go once it is stored; others wait for their backoff or another worker.
        if (inFlight.size > 0) {
          await Promise.race(inFlight)
          continue
        }
        nextDue = await nextOutboundDueAt(db)
        if (!nextDue || nextDue.getTime() >= deadline) break
        await sleep(Math.max(BUSY_POLL_MS, nextDue.getTime() - Date.now()))
        continue
      }
      if (!number) {
        for (const message of claimed) settle(Promise.resolve({ id: message.id, outcome: 'failed', code: null, title: NOT_CONFIGURED }))
        continue
      }
      const waitMs = await takeSendSlots(db, number.phoneNumberId, claimed.length, number.messagesPerSecond)
      const spacing = 1_000 / number.messagesPerSecond
      claimed.forEach((message, index) => settle(sendAt(waitMs + index * spacing, message)))
      // The next claim is made just before this one's last slot, so its own statements leave no gap in the number's timeline.
      await sleep(Math.max(0, waitMs + (claimed.length - 1) * spacing - CLAIM_LEAD_MS))
    }
  } finally {
    await Promise.allSettled(inFlight)
    await sandbox?.close()
  }
  nextDue = Date.now() >= deadline ? await nextOutboundDueAt(db) : nextDue
  if (nextDue) await wakeSender(ctx, nextDue)
}
