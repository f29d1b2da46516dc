import { getApiCrmPipelinesRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listPipelines } from './list-pipelines.service'

export const listPipelinesOperation = defineOperation(getApiCrmPipelinesRoute, async (c) => {
  const result = await listPipelines({ ctx: { platform: c.var.platform, tenant: c.var.tenant } })
  return c.json(ok(result), 200)
})
