import { getApiSaasEventsLogsLogIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getEventLog } from './get-event-log.service'

export const getEventLogOperation = defineOperation(getApiSaasEventsLogsLogIdRoute, async (c) => {
  const log = await getEventLog({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(log), 200)
})
