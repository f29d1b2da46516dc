import { patchApiCrmPipelinesPipelineIdStagesReorderRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { reorderStages } from './reorder-stages.service'

export const reorderStagesOperation = defineOperation(patchApiCrmPipelinesPipelineIdStagesReorderRoute, async (c) => {
  const result = await reorderStages({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 200)
})
