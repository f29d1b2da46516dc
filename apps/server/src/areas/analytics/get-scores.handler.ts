import { getApiCrmAnalyticsScoresRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getScores } from './get-scores.service'

export const getScoresOperation = defineOperation(getApiCrmAnalyticsScoresRoute, async (c) => {
  const result = await getScores({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(result), 200)
})
