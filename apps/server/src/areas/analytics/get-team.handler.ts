import { getApiCrmAnalyticsTeamRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getTeam } from './get-team.service'

export const getTeamOperation = defineOperation(getApiCrmAnalyticsTeamRoute, async (c) => {
  const result = await getTeam({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(result), 200)
})
