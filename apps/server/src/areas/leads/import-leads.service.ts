import type { TenantContext } from '../../platform/platform'
import { rescoreLead } from '../scoring/score-lead'
import { readScoringConfig } from '../scoring/scoring.repository'
import { wakeCrmEventConsumer } from '../system-triggers/wake-consumer'
import { type ImportRow, parseCsvRows, validateRows } from './import-rows'
import { insertActivity, insertCrmEvent } from './lead-history.repository'
import { upsertLeadsByPhone } from './leads.repository'
import { resolveLeadPlacement } from './resolve-lead-placement'

export type ImportLeadsInput = { format: 'json'; rows: unknown[] } | { format: 'csv'; text: string }

/**
 * Upserts valid rows by phone in one transaction (new leads go to the default pipeline's first
 * stage, with their lead_created activity and event); invalid rows are reported, not imported.
 */
export async function importLeads({ ctx, input }: { ctx: TenantContext; input: ImportLeadsInput }) {
  const rows = input.format === 'csv' ? parseCsvRows(input.text) : input.rows
  const { valid, errors } = validateRows(rows)
  if (valid.length === 0) return { created: 0, updated: 0, errors }
  const placement = await resolveLeadPlacement(ctx, {})
  const results = await ctx.tenant.db.transaction().execute(async (trx) => {
    const upserted = await upsertLeadsByPhone(
      trx,
      valid.map((row: ImportRow) => ({
        firstName: row.firstName ?? null,
        lastName: row.lastName ?? null,
        phone: row.phone,
        email: row.email?.toLowerCase() ?? null,
        source: row.source ?? null,
        dealValue: row.dealValue ?? null,
        dealTitle: row.dealTitle ?? null,
        assignedTo: row.assignedTo ?? null,
        tags: [...new Set(row.tags ?? [])],
        ...placement,
        metadata: { refs: {}, extra: {} },
      })),
    )
    const scoring = await readScoringConfig(trx)
    for (const { inserted, ...lead } of upserted) {
      await rescoreLead(trx, lead, scoring)
      if (inserted) {
        await insertActivity(trx, { leadId: lead.id, type: 'lead_created', title: 'Lead created by import' })
        await insertCrmEvent(trx, { type: 'lead_created', leadId: lead.id, payload: placement })
      } else {
        await insertActivity(trx, { leadId: lead.id, type: 'field_updated', title: 'Updated by import' })
      }
    }
    return upserted
  })
  await wakeCrmEventConsumer(ctx)
  const created = results.filter((lead) => lead.inserted).length
  return { created, updated: results.length - created, errors }
}
