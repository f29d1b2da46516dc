import { getApiCrmLeadsLeadIdTimelineRoute } from '../../generated/routes'
import { paginated } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getTimeline } from './get-timeline.service'

export const getTimelineOperation = defineOperation(getApiCrmLeadsLeadIdTimelineRoute, async (c) => {
  const query = c.req.valid('query')
  const result = await getTimeline({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), page: query.page ?? 1, limit: query.limit ?? 25 },
  })
  return c.json(paginated(result.items, result), 200)
})
