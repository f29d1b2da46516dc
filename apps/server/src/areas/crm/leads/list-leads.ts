import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { defineTenantOperation, type OperationInput, Page } from '../../../platform/http/operations'
import { type LeadFilters, type LeadOrder, listLeadsPage } from '../lead-records/leads.repository'
import { toLeadView } from './lead-view'

type ListLeadsInput = OperationInput<'leads.list'>

/** The query string's filters as the repository takes them (tags split, ref ids gathered). */
export function leadFilters(input: Omit<ListLeadsInput, 'page' | 'limit' | 'sortBy' | 'sortDir'>): LeadFilters {
  const refs = Object.fromEntries(
    (['appointmentId', 'bookingId', 'orderId'] as const).flatMap((field) => (input[field] ? [[field, input[field]]] : [])),
  )
  const tags = input.tags?.split(',').map((tag) => tag.trim()).filter(Boolean)
  return { ...input, tags, refs }
}

/** One page of the leads matching `filters`, in the requested order. */
export async function leadsPage(db: Kysely<TenantTables>, filters: LeadFilters, { page, limit, sortBy, sortDir }: LeadOrder & { page: number; limit: number }) {
  const { rows, total } = await listLeadsPage(db, filters, { sortBy, sortDir, offset: (page - 1) * limit, limit })
  return new Page(
    rows.map((row) => toLeadView(row)),
    { total, page, limit },
  )
}

export const listLeadsOperation = defineTenantOperation('leads.list', ({ ctx, input }) => leadsPage(ctx.tenant.db, leadFilters(input), input))
