import { getApiCrmPipelinesPipelineIdForecastRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getPipelineForecast } from './get-pipeline-forecast.service'

export const getPipelineForecastOperation = defineOperation(getApiCrmPipelinesPipelineIdForecastRoute, async (c) => {
  const result = await getPipelineForecast({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: c.req.valid('param'),
  })
  return c.json(ok(result), 200)
})
