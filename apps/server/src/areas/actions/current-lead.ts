import type { LeadRow } from '../leads/lead-view'
import { findLead } from '../leads/leads.repository'
import type { ActionArgs } from './action-executor'
import { type ActionPlan, stop } from './action-plan'

/**
 * Plans a CRM action on the event's lead as it is now (earlier actions of the event may have changed
 * it since the event was read). Without a lead the action is skipped.
 */
export async function planOnCurrentLead<R extends Record<string, unknown>>(
  { ctx, lead }: Pick<ActionArgs, 'ctx' | 'lead'>,
  config: Record<string, unknown>,
  plan: (current: LeadRow) => Promise<ActionPlan<R>> | ActionPlan<R>,
): Promise<ActionPlan<R>> {
  if (!lead) return stop('skipped', 'No lead: the event has none', config)
  const current = await findLead(ctx.tenant.db, lead.id)
  if (!current) return stop('failed', `No lead ${lead.id}`, config)
  return plan(current)
}
