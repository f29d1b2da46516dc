import { triggerRateLimit } from '../../../platform/http/middleware/trigger-rate-limit'
import { defineTenantOperation } from '../../../platform/http/operations'
import { triggerWorkflow } from './trigger-workflow.service'

export const triggerWorkflowOperation = defineTenantOperation('workflows.trigger', ({ ctx, input }) => triggerWorkflow({ ctx, input }), {
  middleware: [triggerRateLimit()],
})
