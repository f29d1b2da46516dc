import { postApiCrmScoringLeadIdRecalculateRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { recalculateLeadScore } from './recalculate-lead-score.service'

export const recalculateLeadScoreOperation = defineOperation(postApiCrmScoringLeadIdRecalculateRoute, async (c) => {
  const result = await recalculateLeadScore({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(result), 200)
})
