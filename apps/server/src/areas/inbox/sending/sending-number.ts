import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { readSecrets } from '../../clients'
import type { GraphAccount } from '../graph/graph-client'
import { findWhatsappAccount } from '../graph/whatsapp-account'

/** Meta's default throughput for a business number. */
const DEFAULT_MESSAGES_PER_SECOND = 80

/** The tenant's WhatsApp number as the queue sends from it: its Graph account and its rate. */
export interface SendingNumber extends GraphAccount {
  messagesPerSecond: number
}

/** The tenant's sending number, or undefined when WhatsApp is not configured (no token or number id). */
export async function sendingNumberOf(ctx: TenantContext): Promise<SendingNumber | undefined> {
  const account = await findWhatsappAccount(ctx)
  if (!account) return undefined
  const { whatsappMessagesPerSecond: rate } = await readSecrets(ctx.platform, ctx.tenant.clientCode)
  return { ...account, messagesPerSecond: Number(rate ?? DEFAULT_MESSAGES_PER_SECOND) }
}

export const NOT_CONFIGURED = 'WhatsApp is not configured for this client (whatsappToken, whatsappPhoneNumberId)'

/** `sendingNumberOf`, or 422 WHATSAPP_NOT_CONFIGURED. */
export async function requireSendingNumber(ctx: TenantContext): Promise<SendingNumber> {
  const number = await sendingNumberOf(ctx)
  if (!number) throw new AppError('WHATSAPP_NOT_CONFIGURED', NOT_CONFIGURED)
  return number
}
