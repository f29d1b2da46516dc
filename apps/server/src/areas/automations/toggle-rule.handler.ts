import { patchApiCrmAutomationsRuleIdToggleRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { toggleRule } from './toggle-rule.service'

export const toggleRuleOperation = defineOperation(patchApiCrmAutomationsRuleIdToggleRoute, async (c) => {
  const result = await toggleRule({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 200)
})
