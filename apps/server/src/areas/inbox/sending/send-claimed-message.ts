import { randomBytes } from 'node:crypto'
import type { TenantContext } from '../../../platform/platform'
import type { ClaimedOutboundMessage, SendOutcome } from '../messages/messages.repository'
import { type GraphSendResult, isSandboxToken, PAIR_RATE_LIMIT_HIT, postGraphMessage, THROUGHPUT_LIMIT_HIT } from '../graph/graph-client'
import { graphMessageBody } from './outbound-message'
import { holdSends } from './send-pacing.repository'
import type { SendingNumber } from './sending-number'

/** Meta's pair rate: about one message every 6 s to one contact. */
const PAIR_RATE_MS = 6_000
/** Throughput is counted per second: a spent number is held back this long at most (claims wait for it in flight). */
const MAX_HOLD_MS = 5_000

function post(ctx: TenantContext, number: SendingNumber, message: ClaimedOutboundMessage): Promise<GraphSendResult> {
  if (isSandboxToken(number.token)) return Promise.resolve({ ok: true, wamid: `wamid.mock_${randomBytes(12).toString('hex')}` })
  const body = graphMessageBody({ ...message, replyToWamid: message.reply_to_wamid ?? message.reply_wamid })
  return postGraphMessage(ctx.platform.fetch, number, body)
}

/**
 * Sends one claimed message and says what becomes of it: sent; back in the queue after the retry
 * schedule's next delay when Graph throttled it or could not take it (the whole number held back
 * when Meta says its throughput is spent); failed with Meta's code and title otherwise, or when
 * the schedule is used up.
 */
export async function sendClaimedMessage(ctx: TenantContext, number: SendingNumber, message: ClaimedOutboundMessage): Promise<SendOutcome> {
  const result = await post(ctx, number, message)
  if (result.ok) return { id: message.id, outcome: 'sent', wamid: result.wamid }
  const { logger, config } = ctx.platform
  const log = { clientCode: ctx.tenant.clientCode, messageId: message.id, attempt: message.send_attempts, code: result.code, title: result.title, details: result.details }
  // The claim counted this attempt: the first retry waits the schedule's first delay.
  const delay = config.whatsappSendRetryScheduleMs[message.send_attempts - 1]
  if (!result.retryable || delay === undefined) {
    logger.warn(log, 'WhatsApp message failed')
    return { id: message.id, outcome: 'failed', code: result.code, title: result.title }
  }
  logger.info(log, 'WhatsApp message to be sent again')
  if (result.code === THROUGHPUT_LIMIT_HIT) await holdSends(ctx.tenant.db, number.phoneNumberId, Math.min(delay, MAX_HOLD_MS))
  return { id: message.id, outcome: 'retry', retryInMs: result.code === PAIR_RATE_LIMIT_HIT ? Math.max(delay, PAIR_RATE_MS) : delay }
}
