import { getApiSaasCorsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listCorsOrigins } from './list-cors-origins.service'

export const listCorsOriginsOperation = defineOperation(getApiSaasCorsRoute, async (c) => {
  const result = await listCorsOrigins({ ctx: { platform: c.var.platform, tenant: c.var.tenant } })
  return c.json(ok(result), 200)
})
