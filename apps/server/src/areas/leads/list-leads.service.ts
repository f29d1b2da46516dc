import type { LeadStatus } from '../../platform/database/tenant-tables'
import type { TenantContext } from '../../platform/platform'
import { toLeadView } from './lead-view'
import { type LeadFilters, type LeadSortField, listLeadsPage } from './leads.repository'

export interface ListLeadsInput {
  status?: LeadStatus | undefined
  pipelineId?: string | undefined
  stageId?: string | undefined
  source?: string | undefined
  assignedTo?: string | undefined
  tags?: string | undefined
  minScore?: number | undefined
  search?: string | undefined
  appointmentId?: string | undefined
  bookingId?: string | undefined
  orderId?: string | undefined
  page: number
  limit: number
  sortBy: LeadSortField
  sortDir: 'asc' | 'desc'
}

/** The query string's filters as the repository takes them (tags split, ref ids gathered). */
export function leadFilters(input: Omit<ListLeadsInput, 'page' | 'limit' | 'sortBy' | 'sortDir'>): LeadFilters {
  const refs = Object.fromEntries(
    (['appointmentId', 'bookingId', 'orderId'] as const).flatMap((field) => (input[field] ? [[field, input[field]]] : [])),
  )
  const tags = input.tags?.split(',').map((tag) => tag.trim()).filter(Boolean)
  return { ...input, tags, refs }
}

export async function listLeads({ ctx, input }: { ctx: TenantContext; input: ListLeadsInput }) {
  const { rows, total } = await listLeadsPage(ctx.tenant.db, leadFilters(input), {
    offset: (input.page - 1) * input.limit,
    limit: input.limit,
    sortBy: input.sortBy,
    sortDir: input.sortDir,
  })
  return { leads: rows.map((row) => toLeadView(row)), total, page: input.page, limit: input.limit }
}
