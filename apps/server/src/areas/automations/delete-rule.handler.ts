import { deleteApiCrmAutomationsRuleIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { deleteRule } from './delete-rule.service'

export const deleteRuleOperation = defineOperation(deleteApiCrmAutomationsRuleIdRoute, async (c) => {
  const result = await deleteRule({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(result), 200)
})
