import { getApiCrmPipelinesPipelineIdStagesStageIdLeadsRoute } from '../../generated/routes'
import { paginated } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listStageLeads } from './list-stage-leads.service'

export const listStageLeadsOperation = defineOperation(getApiCrmPipelinesPipelineIdStagesStageIdLeadsRoute, async (c) => {
  const query = c.req.valid('query')
  const result = await listStageLeads({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: {
      ...c.req.valid('param'),
      status: query.status,
      page: query.page ?? 1,
      limit: query.limit ?? 25,
      sortBy: query.sortBy ?? 'createdAt',
      sortDir: query.sortDir ?? 'desc',
    },
  })
  return c.json(paginated(result.leads, result), 200)
})
