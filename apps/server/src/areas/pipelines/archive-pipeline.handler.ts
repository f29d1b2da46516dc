import { deleteApiCrmPipelinesPipelineIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { archivePipeline } from './archive-pipeline.service'

export const archivePipelineOperation = defineOperation(deleteApiCrmPipelinesPipelineIdRoute, async (c) => {
  const result = await archivePipeline({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: c.req.valid('param'),
  })
  return c.json(ok(result), 200)
})
