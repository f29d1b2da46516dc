import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { defineTenantOperation } from '../../../platform/http/operations'
import { type LeadFilters, type LeadOrder, leadsInBatches } from '../lead-records/leads.repository'
import { leadFilters } from './list-leads'

const COLUMNS = ['id', 'firstName', 'lastName', 'phone', 'email', 'source', 'status', 'pipelineId', 'stageId', 'assignedTo', 'tags', 'score', 'dealValue', 'dealTitle', 'createdAt'] as const

/** RFC 4180: quote a cell holding a comma, quote or line break; double the quotes inside. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : value instanceof Date ? value.toISOString() : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The filtered leads as CSV lines (header first), produced batch by batch. */
async function* csvLines(db: Kysely<TenantTables>, filters: LeadFilters, order: LeadOrder): AsyncGenerator<string> {
  yield `${COLUMNS.join(',')}\r\n`
  for await (const rows of leadsInBatches(db, filters, order)) {
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

/** Streamed, so an export of any size never sits in memory whole. */
export const exportLeadsOperation = defineTenantOperation('leads.export', async ({ ctx, input, c }) => {
  const lines = csvLines(ctx.tenant.db, leadFilters(input), input)
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await lines.return(undefined)
    },
  })
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="leads.csv"',
  })
})
