import { getApiCrmAnalyticsHeatmapRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getHeatmap } from './get-heatmap.service'

export const getHeatmapOperation = defineOperation(getApiCrmAnalyticsHeatmapRoute, async (c) => {
  const result = await getHeatmap({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(result), 200)
})
