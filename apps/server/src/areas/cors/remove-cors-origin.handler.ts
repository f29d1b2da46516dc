import { deleteApiSaasCorsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { removeCorsOrigin } from './remove-cors-origin.service'

export const removeCorsOriginOperation = defineOperation(deleteApiSaasCorsRoute, async (c) => {
  const result = await removeCorsOrigin({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: c.req.valid('json'),
  })
  return c.json(ok(result), 200)
})
