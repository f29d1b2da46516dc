import { triggerRateLimit } from '../../../platform/http/middleware/trigger-rate-limit'
import { defineTenantOperation } from '../../../platform/http/operations'
import { triggerWorkflow } from '../workflows/trigger-workflow.service'

/** The old automations event route: runs the workflow trigger and says where it moved (on errors too). */
export const fireEventDeprecatedOperation = defineTenantOperation(
  'automations.fireEventDeprecated',
  async ({ ctx, input, c }) => {
    c.header('Deprecation', 'true')
    c.header('Link', '</api/saas/workflows/trigger>; rel="successor-version"')
    return triggerWorkflow({ ctx, input, source: 'legacy' })
  },
  { middleware: [triggerRateLimit()] },
)
