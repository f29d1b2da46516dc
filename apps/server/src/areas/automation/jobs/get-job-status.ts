import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'

/** Where one of the tenant's background jobs is. Other tenants' and malformed ids are simply not found. */
export const getJobStatusOperation = defineTenantOperation('jobs.status', async ({ ctx, input }) => {
  const job = await ctx.platform.jobs.status(input.jobId, ctx.tenant.clientCode)
  if (!job) throw new AppError('JOB_NOT_FOUND', `No job ${input.jobId}`)
  const { data, ...status } = job
  return { ...status, eventLogId: typeof data.eventLogId === 'string' ? data.eventLogId : null }
})
