import { getApiCrmPipelinesPipelineIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getPipeline } from './get-pipeline.service'

export const getPipelineOperation = defineOperation(getApiCrmPipelinesPipelineIdRoute, async (c) => {
  const result = await getPipeline({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: c.req.valid('param'),
  })
  return c.json(ok(result), 200)
})
