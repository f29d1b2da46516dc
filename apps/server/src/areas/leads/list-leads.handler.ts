import { getApiCrmLeadsRoute } from '../../generated/routes'
import { paginated } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listLeads } from './list-leads.service'

export const listLeadsOperation = defineOperation(getApiCrmLeadsRoute, async (c) => {
  const query = c.req.valid('query')
  const result = await listLeads({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...query, page: query.page ?? 1, limit: query.limit ?? 25, sortBy: query.sortBy ?? 'createdAt', sortDir: query.sortDir ?? 'desc' },
  })
  return c.json(paginated(result.leads, result), 200)
})
