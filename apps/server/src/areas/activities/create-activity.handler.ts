import { postApiCrmLeadsLeadIdActivitiesRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { createActivity } from './create-activity.service'

export const createActivityOperation = defineOperation(postApiCrmLeadsLeadIdActivitiesRoute, async (c) => {
  const activity = await createActivity({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: { ...c.req.valid('param'), ...c.req.valid('json') } })
  return c.json(ok(activity), 201)
})
