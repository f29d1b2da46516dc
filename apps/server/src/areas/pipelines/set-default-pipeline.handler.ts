import { patchApiCrmPipelinesPipelineIdDefaultRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { setDefaultPipeline } from './set-default-pipeline.service'

export const setDefaultPipelineOperation = defineOperation(patchApiCrmPipelinesPipelineIdDefaultRoute, async (c) => {
  const result = await setDefaultPipeline({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: c.req.valid('param'),
  })
  return c.json(ok(result), 200)
})
