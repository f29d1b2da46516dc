import { defineTenantOperation } from '../../../platform/http/operations'
import { withLockedLead } from '../lead-records/locked-lead'
import { rescoreLead } from './score-lead'

export const recalculateLeadScoreOperation = defineTenantOperation('scoring.recalculate', ({ ctx, input }) =>
  withLockedLead(ctx, input.leadId, (trx, lead) => rescoreLead(trx, lead)),
)
