import { sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'
import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { rescoreLead } from '../scoring/score-lead'
import { wakeCrmEventConsumer } from '../system-triggers/wake-consumer'
import type { LeadRow } from './lead-view'
import { lockLead } from './leads.repository'

/**
 * Runs `work` in a transaction holding the lead's row lock: concurrent changes to one lead are
 * applied in turn, each seeing the previous one's result, so none is lost.
 */
export async function withLockedLead<T>(
  ctx: TenantContext,
  leadId: string,
  work: (trx: Transaction<TenantTables>, lead: LeadRow) => Promise<T>,
): Promise<T> {
  const result = await ctx.tenant.db.transaction().execute(async (trx) => {
    // crm_events.depth defaults to this setting, so events an automation causes know their chain depth.
    if (ctx.automation) await sql`select set_config('ecodrix.automation_depth', ${String(ctx.automation.depth + 1)}, true)`.execute(trx)
    const lead = await lockLead(trx, leadId)
    if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead ${leadId}`)
    return work(trx, lead)
  })
  // The change's outbox events are committed: system triggers can run now. An automation's action
  // needs no wake-up: its engine consumes the outbox itself once the event's actions are done.
  if (!ctx.automation) await wakeCrmEventConsumer(ctx)
  return result
}

/** A locked change to a lead, after which its score is recalculated in the same transaction. */
export function changeLead(
  ctx: TenantContext,
  leadId: string,
  change: (trx: Transaction<TenantTables>, lead: LeadRow) => Promise<LeadRow>,
): Promise<LeadRow> {
  return withLockedLead(ctx, leadId, async (trx, lead) => {
    const changed = await change(trx, lead)
    const { score } = await rescoreLead(trx, changed)
    return { ...changed, score }
  })
}
