import { postApiSaasWorkflowsTriggerRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { triggerRateLimit } from '../../platform/http/middleware/trigger-rate-limit'
import { defineOperation } from '../../platform/http/operations'
import { triggerWorkflow } from './trigger-workflow.service'

export const triggerWorkflowOperation = defineOperation(
  postApiSaasWorkflowsTriggerRoute,
  async (c) => {
    const result = await triggerWorkflow({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input: c.req.valid('json') })
    return c.json(ok(result), 200)
  },
  { middleware: [triggerRateLimit()] },
)
