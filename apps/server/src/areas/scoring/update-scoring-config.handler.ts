import { patchApiCrmScoringRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { updateScoringConfig } from './update-scoring-config.service'

export const updateScoringConfigOperation = defineOperation(patchApiCrmScoringRoute, async (c) => {
  const config = await updateScoringConfig({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('json') })
  return c.json(ok(config), 200)
})
