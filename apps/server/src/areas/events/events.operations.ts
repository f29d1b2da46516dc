import type { Operation } from '../../platform/http/operations'
import { getEventLogOperation } from './get-event-log.handler'
import { getEventStatsOperation } from './get-event-stats.handler'
import { listEventLogsOperation } from './list-event-logs.handler'

export const eventsOperations: Operation[] = [listEventLogsOperation, getEventLogOperation, getEventStatsOperation]
