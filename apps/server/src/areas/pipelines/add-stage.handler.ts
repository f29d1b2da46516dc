import { postApiCrmPipelinesPipelineIdStagesRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { addStage } from './add-stage.service'

export const addStageOperation = defineOperation(postApiCrmPipelinesPipelineIdStagesRoute, async (c) => {
  const result = await addStage({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 201)
})
