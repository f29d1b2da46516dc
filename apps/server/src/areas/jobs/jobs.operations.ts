import type { Operation } from '../../platform/http/operations'
import { getJobStatusOperation } from './get-job-status.handler'

export const jobsOperations: Operation[] = [getJobStatusOperation]
