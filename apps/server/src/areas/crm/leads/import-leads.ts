import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { inOutboxTransaction } from '../../../platform/outbox/outbox'
import { appendOutboxEvents } from '../../../platform/outbox/outbox.repository'
import { insertActivity } from '../activities/activities.repository'
import { upsertLeadsByPhone } from '../lead-records/leads.repository'
import { MAX_TAGS_PER_LEAD } from '../lead-records/tag-limit'
import { rescoreLead } from '../scoring/score-lead'
import { readScoringConfig } from '../scoring/scoring.repository'
import { parseCsvRows, validateRows } from './import-rows'
import { resolveLeadPlacement } from './resolve-lead-placement'

/**
 * Takes JSON `{ leads: [...] }` or a `text/csv` body. Upserts valid rows by phone in one
 * transaction (new leads go to the default pipeline's first stage, with their lead_created activity
 * and event); invalid rows are reported, not imported.
 */
export const importLeadsOperation = defineTenantOperation('leads.import', async ({ ctx, input, c }) => {
  const isCsv = /^text\/csv\b/i.test(c.req.header('content-type') ?? '')
  // Neither CSV nor JSON (XML, say) leaves the JSON body unvalidated, so `leads` is missing.
  if (!isCsv && !input.leads) {
    throw new AppError('VALIDATION_ERROR', 'Invalid request: body: send JSON { "leads": [...] } or text/csv', [
      { path: 'body.leads', message: 'Required' },
    ])
  }
  const { valid, errors } = validateRows(isCsv ? parseCsvRows(await c.req.text()) : input.leads, ctx.tenant.defaultCountry)
  if (valid.length === 0) return { created: 0, updated: 0, errors }
  const placement = await resolveLeadPlacement(ctx, {})
  const results = await inOutboxTransaction(ctx, async (trx) => {
    const upserted = await upsertLeadsByPhone(
      trx,
      valid.map((row) => ({ ...row, ...placement })),
    )
    const scoring = await readScoringConfig(trx)
    for (const { inserted, ...lead } of upserted) {
      await rescoreLead(trx, lead, scoring)
      if (inserted) {
        await insertActivity(trx, { leadId: lead.id, type: 'lead_created', title: 'Lead created by import' })
        await appendOutboxEvents(trx, [{ type: 'lead_created', leadId: lead.id, payload: placement }])
      } else {
        await insertActivity(trx, { leadId: lead.id, type: 'field_updated', title: 'Updated by import' })
      }
    }
    return upserted
  })
  const created = results.filter((lead) => lead.inserted).length
  const written = new Set(results.map((lead) => lead.phone))
  const overTagLimit = valid
    .filter((row) => !written.has(row.phone))
    .map((row) => ({ row: row.row, path: 'tags', message: `The lead with this phone would have more than ${MAX_TAGS_PER_LEAD} tags` }))
  return { created, updated: results.length - created, errors: [...errors, ...overTagLimit].sort((a, b) => a.row - b.row) }
})
