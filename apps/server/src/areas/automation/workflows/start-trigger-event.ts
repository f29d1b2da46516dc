import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { createLeadWith, findOpenLeadByEmail, findOpenLeadByPhone, type LeadRow } from '../../crm'
import { recordEvent, type StartEventInput } from '../runs/record-event'
import { dispatchEvent, type StartedEvent, startEvent } from '../runs/start-event.service'
import type { TriggerInput } from './trigger-workflow.service'

async function findLeadFor(ctx: TenantContext, phone: string | null, email: string | undefined): Promise<LeadRow | undefined> {
  const byPhone = phone ? await findOpenLeadByPhone(ctx.tenant.db, phone) : undefined
  return byPhone ?? (email ? await findOpenLeadByEmail(ctx.tenant.db, email) : undefined)
}

/**
 * The trigger's event, for its lead: the open lead with its (normalised) phone, else with its
 * email. When there is none and `createLeadIfMissing` is set, the lead is created from `leadData`
 * in the same transaction as the event, so a trigger that fails leaves no lead behind; a
 * concurrent trigger that created the lead first wins, and the event goes to its lead.
 */
export async function startTriggerEvent(
  ctx: TenantContext,
  input: TriggerInput,
  phone: string | null,
  eventFor: (lead: LeadRow | null) => StartEventInput,
): Promise<StartedEvent> {
  const { leadData } = input
  const email = input.email ?? leadData?.email
  const existing = await findLeadFor(ctx, phone, email)
  if (existing || !input.createLeadIfMissing) return startEvent({ ctx, input: eventFor(existing ?? null) })
  const newLead = { phone: phone ?? undefined, email, firstName: leadData?.firstName, lastName: leadData?.lastName, source: leadData?.source }
  try {
    const { alongside: event } = await createLeadWith(ctx, newLead, (trx, lead) => recordEvent(trx, ctx, eventFor(lead)))
    return await dispatchEvent(ctx, event)
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'LEAD_EXISTS')) throw error
    const winner = await findLeadFor(ctx, phone, email)
    if (!winner) throw error
    return startEvent({ ctx, input: eventFor(winner) })
  }
}
