import { patchApiCrmStagesStageIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { updateStage } from './update-stage.service'

export const updateStageOperation = defineOperation(patchApiCrmStagesStageIdRoute, async (c) => {
  const result = await updateStage({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 200)
})
