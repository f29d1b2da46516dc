import { patchApiCrmAutomationsRuleIdRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { updateRule } from './update-rule.service'

export const updateRuleOperation = defineOperation(patchApiCrmAutomationsRuleIdRoute, async (c) => {
  const result = await updateRule({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 200)
})
