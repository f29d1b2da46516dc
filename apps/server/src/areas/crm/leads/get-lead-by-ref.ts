import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { findLatestLeadByRef } from '../lead-records/leads.repository'
import { toLeadView } from './lead-view'

export const getLeadByRefOperation = defineTenantOperation('leads.getByRef', async ({ ctx, input }) => {
  const lead = await findLatestLeadByRef(ctx.tenant.db, input.field, input.value)
  if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead with metadata.refs.${input.field} = ${input.value}`)
  return toLeadView(lead)
})
