import { getApiCrmAnalyticsForecastRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getForecast } from './get-forecast.service'

export const getForecastOperation = defineOperation(getApiCrmAnalyticsForecastRoute, async (c) => {
  const result = await getForecast({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(result), 200)
})
