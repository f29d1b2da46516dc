import { type Options, stringify } from 'csv-stringify/sync'
import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { defineTenantOperation } from '../../../platform/http/operations'
import { type LeadFilters, type LeadOrder, type LeadRow, leadsInBatches } from '../lead-records/leads.repository'
import { leadFilters } from './list-leads'

const COLUMNS = ['id', 'firstName', 'lastName', 'phone', 'email', 'source', 'status', 'pipelineId', 'stageId', 'assignedTo', 'tags', 'score', 'dealValue', 'dealTitle', 'createdAt'] as const

/** A number, signed or not: what a spreadsheet reads as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/

/**
 * RFC 4180 with CRLF. A text cell a spreadsheet would run as a formula (starting with =, +, -, @,
 * tab or CR) gets a leading `'`, as OWASP advises against CSV injection. A plain number is not a
 * formula and stays as it is, so phones (`+919876543210`) and deal values (`-12.50`) export, and
 * import again, unchanged.
 */
const CSV: Options = {
  record_delimiter: 'windows',
  escape_formulas: true,
  cast: {
    string: (value) => (PLAIN_NUMBER.test(value) ? { value, escape_formulas: false } : value),
    date: (value) => value.toISOString(),
  },
}

const cells = (row: LeadRow) =>
  [row.id, row.first_name, row.last_name, row.phone, row.email, row.source, row.status, row.pipeline_id, row.stage_id, row.assigned_to, row.tags.join(';'), row.score, row.deal_value, row.deal_title, row.created_at]

/** The filtered leads as CSV (header first), produced batch by batch. */
async function* csvChunks(db: Kysely<TenantTables>, filters: LeadFilters, order: LeadOrder): AsyncGenerator<string> {
  yield stringify([COLUMNS], CSV)
  for await (const rows of leadsInBatches(db, filters, order)) yield stringify(rows.map(cells), CSV)
}

/** Streamed, so an export of any size never sits in memory whole. */
export const exportLeadsOperation = defineTenantOperation('leads.export', async ({ ctx, input, c }) => {
  const chunks = csvChunks(ctx.tenant.db, leadFilters(input), input)
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="leads.csv"',
  })
})
