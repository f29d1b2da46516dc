import type { Updateable } from 'kysely'
import { isUniqueViolation } from '../../../platform/database/pg-errors'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import type { TenantContext } from '../../../platform/platform'
import { insertActivity } from '../activities/activities.repository'
import { updateLeadRow } from '../lead-records/leads.repository'
import { changeLead } from './change-lead'
import { toLeadView } from './lead-view'
import { normalizePhone } from './phone'

export interface UpdateLeadInput {
  leadId: string
  firstName?: string | null | undefined
  lastName?: string | null | undefined
  phone?: string | null | undefined
  email?: string | null | undefined
  source?: string | null | undefined
  dealValue?: number | null | undefined
  dealTitle?: string | null | undefined
  assignedTo?: string | null | undefined
}

const columns = {
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  email: 'email',
  source: 'source',
  dealValue: 'deal_value',
  dealTitle: 'deal_title',
  assignedTo: 'assigned_to',
} as const

type Field = keyof typeof columns

/** Changes core fields; each field that really changed gets a `field_updated` activity. */
export async function updateLead({ ctx, input }: { ctx: TenantContext; input: UpdateLeadInput }) {
  const wanted: Partial<Record<Field, string | number | null>> = {}
  for (const field of Object.keys(columns) as Field[]) {
    const value = input[field]
    if (value === undefined) continue
    wanted[field] = field === 'phone' && typeof value === 'string' ? normalizePhone(value, ctx.tenant.defaultCountry) : field === 'email' && typeof value === 'string' ? value.toLowerCase() : value
  }
  if (wanted.phone === null && wanted.email === null) {
    throw new AppError('VALIDATION_ERROR', 'Invalid request: body: a lead keeps a phone or an email', [{ path: 'body.phone', message: 'Cannot clear both phone and email' }])
  }
  try {
    const row = await changeLead(ctx, input.leadId, async (trx, lead) => {
      const current = (field: Field) => (field === 'dealValue' && lead.deal_value !== null ? Number(lead.deal_value) : lead[columns[field]])
      const changed = (Object.keys(wanted) as Field[]).filter((field) => current(field) !== wanted[field])
      if (changed.length === 0) return lead
      const remaining = { phone: 'phone' in wanted ? wanted.phone : lead.phone, email: 'email' in wanted ? wanted.email : lead.email }
      if (!remaining.phone && !remaining.email) {
        throw new AppError('VALIDATION_ERROR', 'Invalid request: body: a lead keeps a phone or an email', [{ path: 'body.phone', message: 'The lead would have neither phone nor email' }])
      }
      const update = Object.fromEntries(changed.map((field) => [columns[field], wanted[field]])) as Updateable<TenantTables['leads']>
      const updated = await updateLeadRow(trx, lead.id, update)
      for (const field of changed) {
        await insertActivity(trx, { leadId: lead.id, type: 'field_updated', title: `${field} updated`, data: { field, from: current(field), to: wanted[field] } })
      }
      return updated
    })
    return toLeadView(row)
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('LEAD_EXISTS', `Another open lead has phone ${wanted.phone}`, [{ path: 'body.phone', message: 'Taken by another open lead' }])
    }
    throw error
  }
}

export const updateLeadOperation = defineTenantOperation('leads.update', updateLead)
