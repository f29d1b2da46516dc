import type { LeadRow } from '../../../crm'
import { checkRuleCondition } from './rule-condition'
import type { AutomationRule } from './rules.repository'
import { triggerConfigFits } from './trigger-config-fit'

/** The event a rule is matched against: its trigger, what it carried, and its lead. */
export interface EventToMatch {
  trigger: string
  variables: Record<string, unknown>
  data: Record<string, unknown>
  lead: LeadRow | null
}

/**
 * Whether the rule answers the event: same trigger, its `triggerConfig` fits the event's data (or
 * lead), and its condition passes. The real run and the dry run both ask this, and only this.
 */
export function matchRule(rule: Pick<AutomationRule, 'trigger' | 'triggerConfig' | 'condition'>, event: EventToMatch) {
  const triggerFits = rule.trigger === event.trigger && triggerConfigFits(event.trigger, rule.triggerConfig, event.data, event.lead)
  const condition = checkRuleCondition(rule.condition, { lead: event.lead, event: { variables: event.variables, data: event.data } })
  return { matched: triggerFits && condition.passed, triggerFits, condition }
}
