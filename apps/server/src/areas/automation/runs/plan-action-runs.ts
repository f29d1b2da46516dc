import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import { activeRulesFor } from '../automations/rules/active-rules'
import { type EventToMatch, matchRule } from '../automations/rules/rule-match'
import type { NewActionRun } from './action-runs.repository'

/**
 * The tenant's active rules that match the event (see `matchRule`), and one run per action of each,
 * due `delayMinutes` after `from`. Positions number the event's runs in order. The rules are read on
 * `db` when not cached (the caller's transaction, when it holds one).
 */
export async function planActionRuns(ctx: TenantContext, eventLogId: string, event: EventToMatch, from: Date, db?: Kysely<TenantTables>) {
  const rules = await activeRulesFor(ctx, event.trigger, db)
  const matched = rules.filter((rule) => matchRule(rule, event).matched)
  const runs: NewActionRun[] = matched
    .flatMap((rule) => rule.actions.map((action) => ({ rule, action, delayMinutes: action.delayMinutes ?? 0 })))
    .map(({ rule, action, delayMinutes }, position) => ({
      event_log_id: eventLogId,
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
