import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { isForeignKeyViolation, isUniqueViolation } from '../../../platform/database/pg-errors'
import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { inOutboxTransaction } from '../../../platform/outbox/outbox'
import { appendOutboxEvents } from '../../../platform/outbox/outbox.repository'
import type { TenantContext } from '../../../platform/platform'
import { insertActivity } from '../activities/activities.repository'
import { findOpenLeadByPhone, insertLead, type LeadRow } from '../lead-records/leads.repository'
import { rescoreLead } from '../scoring/score-lead'
import { toLeadView } from './lead-view'
import { normalizePhone } from './phone'
import { resolveLeadPlacement } from './resolve-lead-placement'

export interface CreateLeadInput {
  firstName?: string | undefined
  lastName?: string | undefined
  phone?: string | undefined
  email?: string | undefined
  source?: string | undefined
  dealValue?: number | undefined
  dealTitle?: string | undefined
  pipelineId?: string | undefined
  stageId?: string | undefined
  assignedTo?: string | undefined
  tags?: string[] | undefined
  metadata?: { refs?: Record<string, string> | undefined; extra?: Record<string, unknown> | undefined } | undefined
}

async function leadExists(ctx: TenantContext, phone: string): Promise<AppError> {
  const existing = await findOpenLeadByPhone(ctx.tenant.db, phone)
  return new AppError('LEAD_EXISTS', `An open lead with phone ${phone} already exists${existing ? ` (${existing.id})` : ''}`, [
    { path: 'body.phone', message: existing ? `Open lead ${existing.id} has this phone` : 'Taken by an open lead' },
  ])
}

/**
 * Creates a lead, its "lead created" activity and its `lead_created` outbox event in one
 * transaction, and `alongside` writes the caller's own rows in it (a trigger's event), so all commit
 * or none does. The database keeps one open lead per phone, so concurrent creates yield one lead.
 */
export async function createLeadWith<T>(
  ctx: TenantContext,
  input: CreateLeadInput,
  alongside: (trx: Transaction<TenantTables>, lead: LeadRow) => Promise<T>,
): Promise<{ lead: LeadRow; alongside: T }> {
  const phone = input.phone === undefined ? null : normalizePhone(input.phone, ctx.tenant.defaultCountry)
  if (!phone && !input.email) {
    throw new AppError('VALIDATION_ERROR', 'Invalid request: body: a lead needs a phone or an email', [
      { path: 'body.phone', message: 'Give a phone or an email' },
    ])
  }
  const placement = await resolveLeadPlacement(ctx, input)
  try {
    return await inOutboxTransaction(ctx, async (trx) => {
      const inserted = await insertLead(trx, { ...input, phone, ...placement })
      await insertActivity(trx, { leadId: inserted.id, type: 'lead_created', title: 'Lead created', data: { source: inserted.source } })
      await appendOutboxEvents(trx, [{ type: 'lead_created', leadId: inserted.id, payload: placement }])
      const { score } = await rescoreLead(trx, inserted)
      const lead = { ...inserted, score }
      return { lead, alongside: await alongside(trx, lead) }
    })
  } catch (error) {
    if (phone && isUniqueViolation(error)) throw await leadExists(ctx, phone)
    // The placement was resolved before the transaction; its stage may have been deleted since.
    if (isForeignKeyViolation(error)) throw new AppError('STAGE_NOT_FOUND', `No stage ${placement.stageId}`)
    throw error
  }
}

export async function createLead({ ctx, input }: { ctx: TenantContext; input: CreateLeadInput }) {
  const { lead } = await createLeadWith(ctx, input, async () => undefined)
  return toLeadView(lead)
}

export const createLeadOperation = defineTenantOperation('leads.create', createLead)
