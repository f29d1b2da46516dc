import { defineTenantOperation } from '../../../platform/http/operations'
import { toConversationView } from './conversation-view'
import { clearConversationUnread, findConversation } from './conversations.repository'
import { foundConversation } from './found-conversation'
import { publishConversationUpdated } from './publish-conversation'
import { sendReadReceipt } from './send-read-receipt'

/** Unread → 0; only a conversation that had unread messages changes, is published and sends Meta a read receipt. */
export const markConversationReadOperation = defineTenantOperation('conversations.markRead', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const cleared = await clearConversationUnread(db, input.conversationId)
  if (!cleared) return toConversationView(foundConversation(input.conversationId, await findConversation(db, input.conversationId)))
  const view = toConversationView(cleared)
  await publishConversationUpdated(ctx, view)
  await sendReadReceipt(ctx, cleared.id)
  return view
})
