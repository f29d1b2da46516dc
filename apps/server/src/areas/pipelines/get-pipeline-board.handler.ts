import { getApiCrmPipelinesPipelineIdBoardRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getPipelineBoard } from './get-pipeline-board.service'

export const getPipelineBoardOperation = defineOperation(getApiCrmPipelinesPipelineIdBoardRoute, async (c) => {
  const result = await getPipelineBoard({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: c.req.valid('param'),
  })
  return c.json(ok(result), 200)
})
