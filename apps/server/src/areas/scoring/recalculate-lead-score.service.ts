import type { TenantContext } from '../../platform/platform'
import { withLockedLead } from '../leads/change-lead'
import { rescoreLead } from './score-lead'

export async function recalculateLeadScore({ ctx, input }: { ctx: TenantContext; input: { leadId: string } }) {
  return withLockedLead(ctx, input.leadId, (trx, lead) => rescoreLead(trx, lead))
}
