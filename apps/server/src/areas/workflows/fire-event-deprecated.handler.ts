import { postApiCrmAutomationsEventsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { triggerRateLimit } from '../../platform/http/middleware/trigger-rate-limit'
import { defineOperation } from '../../platform/http/operations'
import { triggerWorkflow } from './trigger-workflow.service'

/** The old automations event route: runs the workflow trigger and says where it moved (on errors too). */
export const fireEventDeprecatedOperation = defineOperation(
  postApiCrmAutomationsEventsRoute,
  async (c) => {
    c.header('Deprecation', 'true')
    c.header('Link', '</api/saas/workflows/trigger>; rel="successor-version"')
    const input = c.req.valid('json')
    const result = await triggerWorkflow({ ctx: { platform: c.var.platform, tenant: c.var.tenant }, input, source: 'legacy' })
    return c.json(ok(result), 200)
  },
  { middleware: [triggerRateLimit()] },
)
