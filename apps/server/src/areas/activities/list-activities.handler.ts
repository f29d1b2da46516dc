import { getApiCrmLeadsLeadIdActivitiesRoute } from '../../generated/routes'
import { paginated } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listActivities } from './list-activities.service'

export const listActivitiesOperation = defineOperation(getApiCrmLeadsLeadIdActivitiesRoute, async (c) => {
  const query = c.req.valid('query')
  const result = await listActivities({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), type: query.type, page: query.page ?? 1, limit: query.limit ?? 25 },
  })
  return c.json(paginated(result.activities, result), 200)
})
