import type { TenantContext } from '../../../platform/platform'
import { enqueueCallback } from './enqueue-callback.service'
import type { EventLogRow } from './event-logs.repository'
import { storeEventRuns } from './event-run.repository'

/** What a finished event reports back: the callback, when the caller asked for one. */
export async function afterEventFinished(ctx: TenantContext, event: EventLogRow): Promise<void> {
  if (!event.callback_url) return
  try {
    await enqueueCallback({ ctx, input: { eventLogId: event.id } })
  } catch (error) {
    ctx.platform.logger.error({ err: error, eventLogId: event.id }, 'could not enqueue the event callback')
  }
}

/**
 * Finishes the event once none of its runs is open (see `storeEventRuns`, with no outcome to store).
 * The update is guarded, so only one caller finishes it and sends the callback.
 */
export async function finishEventIfDone(ctx: TenantContext, eventLogId: string): Promise<void> {
  const [finished] = await storeEventRuns(ctx.tenant.db, [{ eventLogId, outcomes: [] }])
  if (finished) await afterEventFinished(ctx, finished)
}
