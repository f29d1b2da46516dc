import { postApiCrmAutomationsRuleIdTestRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { dryRunRule } from './dry-run-rule.service'

export const dryRunRuleOperation = defineOperation(postApiCrmAutomationsRuleIdTestRoute, async (c) => {
  const result = await dryRunRule({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...c.req.valid('param'), ...c.req.valid('json') },
  })
  return c.json(ok(result), 200)
})
