import { getApiCrmScoringRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getScoringConfig } from './get-scoring-config.service'

export const getScoringConfigOperation = defineOperation(getApiCrmScoringRoute, async (c) => {
  return c.json(ok(await getScoringConfig({ ctx: { platform: c.var.platform, tenant: c.var.tenant } })), 200)
})
