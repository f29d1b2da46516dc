import { getApiCrmAnalyticsStageTimeRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getStageTime } from './get-stage-time.service'

export const getStageTimeOperation = defineOperation(getApiCrmAnalyticsStageTimeRoute, async (c) => {
  const result = await getStageTime({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(result), 200)
})
