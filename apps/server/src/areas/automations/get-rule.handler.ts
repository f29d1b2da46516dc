import { getApiCrmAutomationsRuleIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getRule } from './get-rule.service'

export const getRuleOperation = defineOperation(getApiCrmAutomationsRuleIdRoute, async (c) => {
  const result = await getRule({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('param') })
  return c.json(ok(result), 200)
})
