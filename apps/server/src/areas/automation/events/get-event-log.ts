import { isUuid } from '../../../platform/database/uuid'
import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { findDeliveryOfEvent } from '../callbacks/callbacks.repository'
import { listActionRuns } from '../runs/action-runs.repository'
import { findEventLog } from '../runs/event-logs.repository'
import { toEventLogDetailView } from './event-log-view'

export const getEventLogOperation = defineTenantOperation('events.getLog', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const log = isUuid(input.logId) ? await findEventLog(db, input.logId) : undefined
  if (!log) throw new AppError('EVENT_LOG_NOT_FOUND', `No event log ${input.logId}`)
  const [runs, callback] = await Promise.all([listActionRuns(db, log.id), findDeliveryOfEvent(db, log.id)])
  return toEventLogDetailView(log, runs, callback)
})
