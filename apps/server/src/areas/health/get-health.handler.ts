import { getApiSaasHealthRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getHealth } from './get-health.service'

export const getHealthOperation = defineOperation(getApiSaasHealthRoute, async (c) => {
  return c.json(ok(await getHealth({ ctx: { platform: c.var.platform } })), 200)
})
