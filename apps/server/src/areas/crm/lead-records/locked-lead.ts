import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError } from '../../../platform/http/errors'
import { inOutboxTransaction } from '../../../platform/outbox/outbox'
import type { TenantContext } from '../../../platform/platform'
import { type LeadRow, lockLead } from './leads.repository'

/**
 * Runs `work` in a transaction holding the lead's row lock: concurrent changes to one lead are
 * applied in turn, each seeing the previous one's result, so none is lost. The outbox rows the
 * work writes are announced once committed.
 */
export function withLockedLead<T>(
  ctx: TenantContext,
  leadId: string,
  work: (trx: Transaction<TenantTables>, lead: LeadRow) => Promise<T>,
): Promise<T> {
  return inOutboxTransaction(ctx, async (trx) => {
    const lead = await lockLead(trx, leadId)
    if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead ${leadId}`)
    return work(trx, lead)
  })
}
