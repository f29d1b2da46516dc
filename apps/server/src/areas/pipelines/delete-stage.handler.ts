import { deleteApiCrmStagesStageIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { deleteStage } from './delete-stage.service'

export const deleteStageOperation = defineOperation(deleteApiCrmStagesStageIdRoute, async (c) => {
  const result = await deleteStage({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 200)
})
