import { defineTenantOperation, Page } from '../../../platform/http/operations'
import { requireLead } from '../lead-records/require-lead'
import { listActivitiesPage } from './activities.repository'
import { toActivityView } from './activity-view'

export const listActivitiesOperation = defineTenantOperation('activities.list', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const { page, limit } = input
  await requireLead(db, input.leadId)
  const { rows, total } = await listActivitiesPage(db, input, { offset: (page - 1) * limit, limit })
  return new Page(rows.map(toActivityView), { total, page, limit })
})
