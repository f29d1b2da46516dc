import type { TenantContext } from '../../../platform/platform'
import { readSecrets } from '../../clients'
import type { GraphAccount } from './graph-client'

/** The tenant's number as Graph knows it, or undefined while WhatsApp is not configured (token and phone number id). */
export async function findWhatsappAccount(ctx: Pick<TenantContext, 'platform' | 'tenant'>): Promise<GraphAccount | undefined> {
  const { whatsappToken: token, whatsappPhoneNumberId: phoneNumberId } = await readSecrets(ctx.platform, ctx.tenant.clientCode)
  if (!token || !phoneNumberId) return undefined
  return { graphUrl: ctx.platform.config.whatsappGraphUrl, phoneNumberId, token }
}
