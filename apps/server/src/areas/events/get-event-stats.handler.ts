import { getApiSaasEventsStatsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getEventStats } from './get-event-stats.service'

export const getEventStatsOperation = defineOperation(getApiSaasEventsStatsRoute, async (c) => {
  const stats = await getEventStats({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('query') })
  return c.json(ok(stats), 200)
})
