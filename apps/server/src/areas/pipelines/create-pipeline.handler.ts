import { postApiCrmPipelinesRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { createPipeline } from './create-pipeline.service'

export const createPipelineOperation = defineOperation(postApiCrmPipelinesRoute, async (c) => {
  const result = await createPipeline({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: c.req.valid('json'),
  })
  return c.json(ok(result), 201)
})
