import { defineTenantOperation } from '../../../platform/http/operations'
import { recordContact } from './record-contact'

export const logCallOperation = defineTenantOperation('activities.logCall', ({ ctx, input }) =>
  recordContact({
    ctx,
    input: {
      leadId: input.leadId,
      type: 'call',
      title: `Call (${input.durationMinutes} min)`,
      body: input.summary,
      performedBy: input.performedBy,
      data: { durationMinutes: input.durationMinutes, outcome: input.outcome },
    },
  }),
)
