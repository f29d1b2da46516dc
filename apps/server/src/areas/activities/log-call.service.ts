import type { TenantContext } from '../../platform/platform'
import { recordContact } from './record-contact'

export interface LogCallInput {
  leadId: string
  durationMinutes: number
  summary?: string | undefined
  outcome: 'interested' | 'not_interested' | 'no_answer' | 'callback' | 'voicemail' | 'other'
  performedBy?: string | undefined
}

export function logCall({ ctx, input }: { ctx: TenantContext; input: LogCallInput }) {
  return recordContact(ctx, {
    leadId: input.leadId,
    type: 'call',
    title: `Call (${input.durationMinutes} min)`,
    body: input.summary,
    performedBy: input.performedBy,
    data: { durationMinutes: input.durationMinutes, outcome: input.outcome },
  })
}
