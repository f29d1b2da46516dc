import { answerAllowance } from '../../../platform/http/allowance-headers'
import { defineTenantOperation } from '../../../platform/http/operations'
import { triggerWorkflow } from './trigger-workflow.service'

export const triggerWorkflowOperation = defineTenantOperation('workflows.trigger', async ({ ctx, input, c }) => {
  const { allowance, ...answer } = await triggerWorkflow({ ctx, input })
  answerAllowance(c, allowance)
  return answer
})
