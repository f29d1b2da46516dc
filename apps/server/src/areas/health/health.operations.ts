import type { Operation } from '../../platform/http/operations'
import { getClientHealthOperation } from './get-client-health.handler'
import { getHealthOperation } from './get-health.handler'

export const healthOperations: Operation[] = [getHealthOperation, getClientHealthOperation]
