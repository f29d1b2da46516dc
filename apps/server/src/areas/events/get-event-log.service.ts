import { isUuid } from '../../platform/database/uuid'
import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { toEventLogDetailView } from './event-log-view'
import { actionRunsOf, callbackOf, findEventLog } from './events.repository'

export async function getEventLog({ ctx, input }: { ctx: TenantContext; input: { logId: string } }) {
  const { db } = ctx.tenant
  const log = isUuid(input.logId) ? await findEventLog(db, input.logId) : undefined
  if (!log) throw new AppError('EVENT_LOG_NOT_FOUND', `No event log ${input.logId}`)
  const [runs, callback] = await Promise.all([actionRunsOf(db, log.id), callbackOf(db, log.id)])
  return toEventLogDetailView(log, runs, callback)
}
