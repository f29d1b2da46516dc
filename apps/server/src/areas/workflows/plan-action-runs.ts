import type { Kysely } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'
import { findActiveRulesForTrigger, toAutomationRule } from '../automations/automations.repository'
import { checkRuleCondition } from '../automations/rule-condition'
import type { LeadRow } from '../leads/lead-view'
import type { NewActionRun } from './action-runs.repository'
import { triggerConfigFits } from './trigger-config-fit'

export interface EventToMatch {
  id: string
  trigger: string
  variables: Record<string, unknown>
  data: Record<string, unknown>
}

/**
 * The tenant's active rules of the event's trigger whose `triggerConfig` and condition fit, and one
 * run per action of each, due `delayMinutes` after `from`. Positions number the event's runs in order.
 */
export async function planActionRuns(db: Kysely<TenantTables>, event: EventToMatch, lead: LeadRow | null, from: Date) {
  const rules = (await findActiveRulesForTrigger(db, event.trigger)).map(toAutomationRule)
  const scope = { lead, event: { variables: event.variables, data: event.data } }
  const matched = rules.filter(
    (rule) => triggerConfigFits(event.trigger, rule.triggerConfig, event.data, lead) && checkRuleCondition(rule.condition, scope).passed,
  )
  const runs: NewActionRun[] = matched
    .flatMap((rule) => rule.actions.map((action) => ({ rule, action, delayMinutes: action.delayMinutes ?? 0 })))
    .map(({ rule, action, delayMinutes }, position) => ({
      event_log_id: event.id,
      rule_id: rule.id,
      rule_name: rule.name,
      position,
      type: action.type,
      config: JSON.stringify(action.config),
      delay_minutes: delayMinutes,
      run_at: new Date(from.getTime() + delayMinutes * 60_000),
    }))
  return { rulesMatched: matched.length, runs }
}
