import { defineTenantOperation } from '../../../platform/http/operations'
import { insertActivity } from '../activities/activities.repository'
import { updateLeadRow } from '../lead-records/leads.repository'
import { changeLead } from './change-lead'
import { toLeadView } from './lead-view'

/** Soft-archives a lead (idempotent), recording the status change. */
export const archiveLeadOperation = defineTenantOperation('leads.archive', async ({ ctx, input }) => {
  const row = await changeLead(ctx, input.leadId, async (trx, lead) => {
    if (lead.status === 'archived') return lead
    const updated = await updateLeadRow(trx, lead.id, { status: 'archived' })
    await insertActivity(trx, { leadId: lead.id, type: 'status_changed', title: 'Archived', data: { from: lead.status, to: 'archived' } })
    return updated
  })
  return toLeadView(row)
})
