import { getApiSaasJobsStatusJobIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getJobStatus } from './get-job-status.service'

export const getJobStatusOperation = defineOperation(getApiSaasJobsStatusJobIdRoute, async (c) => {
  const status = await getJobStatus({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(status), 200)
})
