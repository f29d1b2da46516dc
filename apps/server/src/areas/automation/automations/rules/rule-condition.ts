import type { z } from '@hono/zod-openapi'
import type { AutomationConditionSchema } from '../../../../generated/routes'
import { evaluateCondition } from '../../../crm'
import { type FieldScope, fieldValue } from '../../actions/template-values'

export type RuleCondition = z.infer<typeof AutomationConditionSchema>

/** The condition's verdict with the value it compared (null condition: passes). */
export function checkRuleCondition(condition: RuleCondition | null, scope: FieldScope) {
  if (!condition) return { passed: true, detail: null }
  const actual = fieldValue(condition.field, scope) ?? null
  const passed = evaluateCondition(actual, condition.operator, condition.value)
  return { passed, detail: { field: condition.field, operator: condition.operator, value: condition.value ?? null, actual, passed } }
}
