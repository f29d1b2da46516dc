import { postApiCrmPipelinesPipelineIdDuplicateRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { duplicatePipeline } from './duplicate-pipeline.service'

export const duplicatePipelineOperation = defineOperation(postApiCrmPipelinesPipelineIdDuplicateRoute, async (c) => {
  const result = await duplicatePipeline({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 201)
})
