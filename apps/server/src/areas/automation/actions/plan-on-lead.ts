import type { LeadRow } from '../../crm'
import type { ActionArgs } from './action-executor'
import { type ActionPlan, stop } from './action-plan'

/** Plans a CRM action on the event's lead; without a lead the action is skipped. */
export function planOnLead<R extends Record<string, unknown>>(
  { lead }: Pick<ActionArgs, 'lead'>,
  config: Record<string, unknown>,
  plan: (lead: LeadRow) => Promise<ActionPlan<R>> | ActionPlan<R>,
): Promise<ActionPlan<R>> | ActionPlan<R> {
  return lead ? plan(lead) : stop('skipped', 'No lead: the event has none', config)
}
