import { getApiCrmAnalyticsOverviewRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getOverview } from './get-overview.service'

export const getOverviewOperation = defineOperation(getApiCrmAnalyticsOverviewRoute, async (c) => {
  const result = await getOverview({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(result), 200)
})
