import type { Operation } from '../../platform/http/operations'
import { fireEventDeprecatedOperation } from './fire-event-deprecated.handler'
import { triggerWorkflowOperation } from './trigger-workflow.handler'

export const workflowsOperations: Operation[] = [triggerWorkflowOperation, fireEventDeprecatedOperation]
