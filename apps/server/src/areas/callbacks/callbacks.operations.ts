import type { Operation } from '../../platform/http/operations'

export const callbacksOperations: Operation[] = []
