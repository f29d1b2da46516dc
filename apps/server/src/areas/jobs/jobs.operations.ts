import type { Operation } from '../../platform/http/operations'

export const jobsOperations: Operation[] = []
