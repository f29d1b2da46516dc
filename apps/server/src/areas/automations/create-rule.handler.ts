import { postApiCrmAutomationsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { createRule } from './create-rule.service'

export const createRuleOperation = defineOperation(postApiCrmAutomationsRoute, async (c) => {
  const result = await createRule({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('json') })
  return c.json(ok(result), 201)
})
