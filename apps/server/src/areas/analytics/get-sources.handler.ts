import { getApiCrmAnalyticsSourcesRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getSources } from './get-sources.service'

export const getSourcesOperation = defineOperation(getApiCrmAnalyticsSourcesRoute, async (c) => {
  const result = await getSources({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(result), 200)
})
