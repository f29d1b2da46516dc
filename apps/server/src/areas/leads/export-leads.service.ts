import type { TenantContext } from '../../platform/platform'
import { type LeadOrder, leadsInBatches } from './leads.repository'
import { type ListLeadsInput, leadFilters } from './list-leads.service'

const COLUMNS = ['id', 'firstName', 'lastName', 'phone', 'email', 'source', 'status', 'pipelineId', 'stageId', 'assignedTo', 'tags', 'score', 'dealValue', 'dealTitle', 'createdAt'] as const

/** RFC 4180: quote a cell holding a comma, quote or line break; double the quotes inside. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : value instanceof Date ? value.toISOString() : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The filtered leads as CSV lines (header first), produced batch by batch. */
export async function* exportLeads({
  ctx,
  input,
}: {
  ctx: TenantContext
  input: Omit<ListLeadsInput, 'page' | 'limit'> & LeadOrder
}): AsyncGenerator<string> {
  yield `${COLUMNS.join(',')}\r\n`
  for await (const rows of leadsInBatches(ctx.tenant.db, leadFilters(input), input)) {
    yield rows
      .map((row) =>
        [row.id, row.first_name, row.last_name, row.phone, row.email, row.source, row.status, row.pipeline_id, row.stage_id, row.assigned_to, row.tags, row.score, row.deal_value, row.deal_title, row.created_at]
          .map(cell)
          .join(','),
      )
      .map((line) => `${line}\r\n`)
      .join('')
  }
}
