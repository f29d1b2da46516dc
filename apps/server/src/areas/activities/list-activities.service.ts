import type { TenantContext } from '../../platform/platform'
import { listActivitiesPage } from './activities.repository'
import { toActivityView } from './activity-view'
import { requireLead } from './require-lead'

export async function listActivities({
  ctx,
  input,
}: {
  ctx: TenantContext
  input: { leadId: string; type?: string | undefined; page: number; limit: number }
}) {
  const { db } = ctx.tenant
  await requireLead(db, input.leadId)
  const { rows, total } = await listActivitiesPage(db, input, { offset: (input.page - 1) * input.limit, limit: input.limit })
  return { activities: rows.map(toActivityView), total, page: input.page, limit: input.limit }
}
