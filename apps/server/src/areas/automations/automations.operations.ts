import type { Operation } from '../../platform/http/operations'
import { createRuleOperation } from './create-rule.handler'
import { deleteRuleOperation } from './delete-rule.handler'
import { dryRunRuleOperation } from './dry-run-rule.handler'
import { getRuleOperation } from './get-rule.handler'
import { listRulesOperation } from './list-rules.handler'
import { toggleRuleOperation } from './toggle-rule.handler'
import { updateRuleOperation } from './update-rule.handler'

export const automationsOperations: Operation[] = [
  listRulesOperation,
  createRuleOperation,
  getRuleOperation,
  updateRuleOperation,
  deleteRuleOperation,
  toggleRuleOperation,
  dryRunRuleOperation,
]
