import { patchApiCrmPipelinesPipelineIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { updatePipeline } from './update-pipeline.service'

export const updatePipelineOperation = defineOperation(patchApiCrmPipelinesPipelineIdRoute, async (c) => {
  const result = await updatePipeline({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 200)
})
