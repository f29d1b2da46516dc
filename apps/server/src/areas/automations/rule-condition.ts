import type { z } from '@hono/zod-openapi'
import type { AutomationConditionSchema } from '../../generated/routes'
import type { LeadRow } from '../leads/lead-view'
import { evaluateCondition } from '../scoring/evaluate-condition'
import { leadFieldValue } from '../scoring/score-lead'

export type RuleCondition = z.infer<typeof AutomationConditionSchema>

/** What a rule's condition can read: the lead (if any) and the event that fired. */
export interface ConditionScope {
  lead: LeadRow | null
  event: { variables: Record<string, unknown>; data: Record<string, unknown> }
}

const leadExtras: Record<string, (lead: LeadRow) => unknown> = {
  score: (lead) => lead.score,
  pipelineId: (lead) => lead.pipeline_id,
  stageId: (lead) => lead.stage_id,
}

function pathValue(bag: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), bag)
}

/** The value `field` names: `lead.x` or a bare lead field, `metadata.refs|extra.x`, `event.variables|data.x`. */
export function conditionActual(field: string, scope: ConditionScope): unknown {
  const eventField = /^event\.(variables|data)\.(.+)$/.exec(field)
  if (eventField) return pathValue(scope.event[eventField[1] as 'variables' | 'data'], eventField[2]!)
  if (!scope.lead) return undefined
  const leadField = field.replace(/^lead\./, '')
  return leadExtras[leadField]?.(scope.lead) ?? leadFieldValue(scope.lead, leadField)
}

/** The condition's verdict with the value it compared (null condition: passes). */
export function checkRuleCondition(condition: RuleCondition | null, scope: ConditionScope) {
  if (!condition) return { passed: true, detail: null }
  const actual = conditionActual(condition.field, scope) ?? null
  const passed = evaluateCondition(actual, condition.operator, condition.value)
  return { passed, detail: { field: condition.field, operator: condition.operator, value: condition.value ?? null, actual, passed } }
}
