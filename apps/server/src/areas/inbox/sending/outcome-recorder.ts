import type { TenantContext } from '../../../platform/platform'
import { type MessageRow, type SendOutcome, storeSendOutcomes } from '../messages/messages.repository'

export interface OutcomeRecorder {
  /** Resolves once the outcome is committed (or could not be: the message then stays in flight for the sweep). */
  store(outcome: SendOutcome): Promise<void>
}

/**
 * Stores send outcomes as they come, in one statement for all that arrived while the previous one
 * ran: one statement per outcome when sends are few, far fewer than one each under load. A batch
 * the database refuses is stored outcome by outcome, so one bad row does not hold back the others.
 */
export function createOutcomeRecorder(ctx: TenantContext, stored: (rows: MessageRow[]) => Promise<void>): OutcomeRecorder {
  let pending: { outcome: SendOutcome; done: () => void }[] = []
  let flushing = false

  const storeBatch = async (outcomes: SendOutcome[]) => {
    try {
      await stored(await storeSendOutcomes(ctx.tenant.db, outcomes))
    } catch (error) {
      if (outcomes.length === 1) {
        ctx.platform.logger.error({ err: error, clientCode: ctx.tenant.clientCode, messageId: outcomes[0]!.id }, 'could not store a WhatsApp send outcome')
        return
      }
      for (const outcome of outcomes) await storeBatch([outcome])
    }
  }

  const flush = async () => {
    flushing = true
    while (pending.length > 0) {
      const batch = pending
      pending = []
      await storeBatch(batch.map((entry) => entry.outcome))
      for (const entry of batch) entry.done()
    }
    flushing = false
  }

  return {
    store: (outcome) =>
      new Promise((resolve) => {
        pending.push({ outcome, done: resolve })
        if (!flushing) void flush()
      }),
  }
}
