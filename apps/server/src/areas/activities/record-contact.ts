import type { TenantContext } from '../../platform/platform'
import { withLockedLead } from '../leads/change-lead'
import { type ActivityInput, insertActivity } from '../leads/lead-history.repository'
import { updateLead } from '../leads/leads.repository'
import { toActivityView } from './activity-view'

/** Logs a hand-recorded activity and marks the lead contacted at that moment, in one transaction under the lead's lock. */
export async function recordContact(ctx: TenantContext, activity: ActivityInput) {
  const row = await withLockedLead(ctx, activity.leadId, async (trx, lead) => {
    const inserted = await insertActivity(trx, activity)
    await updateLead(trx, lead.id, { last_contacted_at: inserted.created_at })
    return inserted
  })
  return toActivityView(row)
}
