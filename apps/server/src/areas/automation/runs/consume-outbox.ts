import type { TenantContext } from '../../../platform/platform'
import { claimOutboxEvents, consumeUnlistenedOutboxEvents, type OutboxRow, markOutboxEventsConsumed } from '../../../platform/outbox/outbox.repository'
import { activeRuleTriggers } from '../automations/rules/active-rules'
import { recordEvent, type StartEventInput } from './record-event'
import { dispatchEvent } from './start-event.service'

const BATCH = 100
export const DEPTH_LIMIT_REACHED = 'automation depth limit reached'

type Bag = Record<string, unknown>
const isBag = (value: unknown): value is Bag => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A row's payload is the event's data, but for its `variables` (the inbox's `message_received`), which are the event's variables. */
function payloadParts(payload: Bag): { variables?: Bag; data: Bag } {
  const { variables, ...data } = payload
  return isBag(variables) ? { variables, data } : { data: payload }
}

function eventInput(ctx: TenantContext, row: OutboxRow): StartEventInput {
  const input: StartEventInput = {
    trigger: row.type,
    source: 'system',
    leadId: row.lead_id,
    ...payloadParts(row.payload),
    depth: row.depth,
    crmEventId: row.id,
  }
  if (row.depth <= ctx.platform.config.automationMaxDepth) return input
  ctx.platform.logger.warn(
    { clientCode: ctx.tenant.clientCode, crmEventId: row.id, trigger: row.type, leadId: row.lead_id, depth: row.depth },
    'automation depth limit reached: event consumed without running rules',
  )
  return { ...input, refusal: DEPTH_LIMIT_REACHED }
}

/** One batch of rows an active rule listens to: an event per row, and the rows consumed, in one transaction. */
async function startListenedEvents(ctx: TenantContext, listened: string[]): Promise<number> {
  const { events, count } = await ctx.tenant.db.transaction().execute(async (trx) => {
    const rows = await claimOutboxEvents(trx, listened, BATCH)
    const recorded = []
    for (const row of rows) recorded.push(await recordEvent(trx, ctx, eventInput(ctx, row)))
    await markOutboxEventsConsumed(
      trx,
      rows.map((row) => row.id),
    )
    return { events: recorded, count: rows.length }
  })
  for (const event of events) await dispatchEvent(ctx, event)
  return count
}

/**
 * Starts one event per unconsumed CRM outbox row that an active rule listens to, marking the rows
 * consumed in the same transaction, batch by batch, so each row starts exactly one event
 * (`crm_event_id` is unique too). Rows no rule listens to are consumed without an event log (one
 * statement per batch), so the logs show automation work rather than every CRM change. Returns how
 * many rows were consumed.
 */
export async function consumeOutbox(ctx: TenantContext): Promise<number> {
  const listened = await activeRuleTriggers(ctx)
  let consumed = 0
  for (;;) {
    const unlistened = await consumeUnlistenedOutboxEvents(ctx.tenant.db, listened, BATCH)
    const started = unlistened.listenedWaiting ? await startListenedEvents(ctx, listened) : 0
    consumed += unlistened.consumed + started
    if (unlistened.consumed < BATCH && started < BATCH) return consumed
  }
}

/**
 * After an automation's actions changed the lead: the job that ran them consumes the outbox events
 * they wrote, instead of waking a consumer job. A failure is left to the sweep.
 */
export async function consumeCausedOutboxEvents(ctx: TenantContext): Promise<void> {
  try {
    await consumeOutbox(ctx)
  } catch (error) {
    ctx.platform.logger.warn({ err: error, clientCode: ctx.tenant.clientCode }, 'could not consume the CRM events an automation caused')
  }
}
