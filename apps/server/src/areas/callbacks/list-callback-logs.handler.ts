import { getApiSaasCallbacksLogsRoute } from '../../generated/routes'
import { paginated } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listCallbackLogs } from './list-callback-logs.service'

export const listCallbackLogsOperation = defineOperation(getApiSaasCallbacksLogsRoute, async (c) => {
  const query = c.req.valid('query')
  const result = await listCallbackLogs({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...query, page: query.page ?? 1, limit: query.limit ?? 25 },
  })
  return c.json(paginated(result.attempts, result), 200)
})
