import type { Transaction } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'
import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import type { LeadRow } from './lead-view'
import { lockLead } from './leads.repository'

/**
 * Runs `change` in a transaction holding the lead's row lock: concurrent changes to one lead are
 * applied in turn, each seeing the previous one's result, so none is lost.
 */
export function changeLead<T>(
  ctx: TenantContext,
  leadId: string,
  change: (trx: Transaction<TenantTables>, lead: LeadRow) => Promise<T>,
): Promise<T> {
  return ctx.tenant.db.transaction().execute(async (trx) => {
    const lead = await lockLead(trx, leadId)
    if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead ${leadId}`)
    return change(trx, lead)
  })
}
