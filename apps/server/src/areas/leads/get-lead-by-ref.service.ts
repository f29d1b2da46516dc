import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { toLeadView } from './lead-view'
import { findLatestLeadByRef } from './leads.repository'

export async function getLeadByRef({ ctx, input }: { ctx: TenantContext; input: { field: string; value: string } }) {
  const lead = await findLatestLeadByRef(ctx.tenant.db, input.field, input.value)
  if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead with metadata.refs.${input.field} = ${input.value}`)
  return toLeadView(lead)
}
