import type { TenantContext } from '../../../platform/platform'
import { isSandboxToken, postToGraphMessages } from '../graph/graph-client'
import { findWhatsappAccount } from '../graph/whatsapp-account'
import { findLastInboundWamid } from '../messages/messages.repository'

/**
 * Tells Meta the contact's last message was read (their phone shows it, and every earlier one, as
 * read). Best effort: the unread count is the inbox's own, so a failure here is logged, not thrown.
 */
export async function sendReadReceipt(ctx: TenantContext, conversationId: string): Promise<void> {
  const { logger } = ctx.platform
  const log = { clientCode: ctx.tenant.clientCode, conversationId }
  try {
    const last = await findLastInboundWamid(ctx.tenant.db, conversationId)
    const account = last?.wamid ? await findWhatsappAccount(ctx) : undefined
    if (!last?.wamid || !account || isSandboxToken(account.token)) return
    const result = await postToGraphMessages(ctx.platform.fetch, account, { messaging_product: 'whatsapp', status: 'read', message_id: last.wamid })
    if (!result.ok) logger.warn({ ...log, wamid: last.wamid, code: result.code, title: result.title, details: result.details }, 'WhatsApp refused a read receipt')
  } catch (error) {
    logger.warn({ ...log, err: error }, 'could not send a WhatsApp read receipt')
  }
}
