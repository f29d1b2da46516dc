import { getApiSaasHealthClientRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getClientHealth } from './get-client-health.service'

export const getClientHealthOperation = defineOperation(getApiSaasHealthClientRoute, async (c) => {
  return c.json(ok(await getClientHealth({ ctx: { platform: c.var.platform, tenant: c.var.tenant } })), 200)
})
