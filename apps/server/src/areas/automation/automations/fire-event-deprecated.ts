import { answerAllowance } from '../../../platform/http/allowance-headers'
import { defineTenantOperation } from '../../../platform/http/operations'
import { triggerWorkflow } from '../workflows/trigger-workflow.service'

/** The old automations event route: runs the workflow trigger and says where it moved (on errors too). */
export const fireEventDeprecatedOperation = defineTenantOperation('automations.fireEventDeprecated', async ({ ctx, input, c }) => {
  c.header('Deprecation', 'true')
  c.header('Link', '</api/saas/workflows/trigger>; rel="successor-version"')
  const { allowance, ...answer } = await triggerWorkflow({ ctx, input, source: 'legacy' })
  answerAllowance(c, allowance)
  return answer
})
