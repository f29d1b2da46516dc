import { getApiCrmAnalyticsFunnelRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getFunnel } from './get-funnel.service'

export const getFunnelOperation = defineOperation(getApiCrmAnalyticsFunnelRoute, async (c) => {
  const result = await getFunnel({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(result), 200)
})
