import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { createLead, findLead, findOpenLeadByEmail, findOpenLeadByPhone, type LeadRow } from '../../crm'
import type { TriggerInput } from './trigger-workflow.service'

async function findLeadFor(ctx: TenantContext, phone: string | null, email: string | undefined): Promise<LeadRow | undefined> {
  const byPhone = phone ? await findOpenLeadByPhone(ctx.tenant.db, phone) : undefined
  return byPhone ?? (email ? await findOpenLeadByEmail(ctx.tenant.db, email) : undefined)
}

/**
 * The trigger's lead: the open lead with its (normalised) phone, else with its email; created from
 * `leadData` when missing and `createLeadIfMissing` is set (a concurrent trigger creating it first wins).
 */
export async function resolveTriggerLead(ctx: TenantContext, input: TriggerInput, phone: string | null): Promise<LeadRow | null> {
  const { leadData } = input
  const email = input.email ?? leadData?.email
  const existing = await findLeadFor(ctx, phone, email)
  if (existing || !input.createLeadIfMissing) return existing ?? null
  try {
    const created = await createLead({
      ctx,
      input: {
        phone: phone ?? undefined,
        email,
        firstName: leadData?.firstName,
        lastName: leadData?.lastName,
        source: leadData?.source,
      },
    })
    return (await findLead(ctx.tenant.db, created.id)) ?? null
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'LEAD_EXISTS')) throw error
    const winner = await findLeadFor(ctx, phone, email)
    if (!winner) throw error
    return winner
  }
}
