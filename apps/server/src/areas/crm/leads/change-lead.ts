import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import type { LeadRow } from '../lead-records/leads.repository'
import { withLockedLead } from '../lead-records/locked-lead'
import { rescoreLead } from '../scoring/score-lead'

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
