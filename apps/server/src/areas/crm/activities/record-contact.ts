import type { TenantContext } from '../../../platform/platform'
import { updateLeadRow } from '../lead-records/leads.repository'
import { withLockedLead } from '../lead-records/locked-lead'
import { type ActivityInput, insertActivity } from './activities.repository'
import { toActivityView } from './activity-view'

/** Logs a hand-recorded activity and marks the lead contacted at that moment, in one transaction under the lead's lock. */
export async function recordContact({ ctx, input }: { ctx: TenantContext; input: ActivityInput }) {
  const row = await withLockedLead(ctx, input.leadId, async (trx, lead) => {
    const inserted = await insertActivity(trx, input)
    await updateLeadRow(trx, lead.id, { last_contacted_at: inserted.created_at })
    return inserted
  })
  return toActivityView(row)
}
