import { getApiSaasEventsLogsRoute } from '../../generated/routes'
import { paginated } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listEventLogs } from './list-event-logs.service'

export const listEventLogsOperation = defineOperation(getApiSaasEventsLogsRoute, async (c) => {
  const query = c.req.valid('query')
  const result = await listEventLogs({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...query, page: query.page ?? 1, limit: query.limit ?? 25 },
  })
  return c.json(paginated(result.logs, result), 200)
})
