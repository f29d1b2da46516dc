import { getApiCrmFieldsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listLeadFields } from './list-lead-fields.service'

export const listLeadFieldsOperation = defineOperation(getApiCrmFieldsRoute, async (c) => {
  return c.json(ok(await listLeadFields({ ctx: { platform: c.var.platform, tenant: c.var.tenant } })), 200)
})
