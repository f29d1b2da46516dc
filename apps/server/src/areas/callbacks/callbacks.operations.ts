import type { Operation } from '../../platform/http/operations'
import { listCallbackLogsOperation } from './list-callback-logs.handler'

export const callbacksOperations: Operation[] = [listCallbackLogsOperation]
