import type { TenantContext } from '../../platform/platform'
import { changeLead } from './change-lead'
import { insertActivity } from './lead-history.repository'
import { toLeadView } from './lead-view'
import { updateLead } from './leads.repository'

/** Soft-archives a lead (idempotent), recording the status change. */
export async function archiveLead({ ctx, input }: { ctx: TenantContext; input: { leadId: string } }) {
  const row = await changeLead(ctx, input.leadId, async (trx, lead) => {
    if (lead.status === 'archived') return lead
    const updated = await updateLead(trx, lead.id, { status: 'archived' })
    await insertActivity(trx, { leadId: lead.id, type: 'status_changed', title: 'Archived', data: { from: lead.status, to: 'archived' } })
    return updated
  })
  return toLeadView(row)
}
