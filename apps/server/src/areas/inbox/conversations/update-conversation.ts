import { defineTenantOperation } from '../../../platform/http/operations'
import { toConversationView } from './conversation-view'
import { updateConversationRow } from './conversations.repository'
import { foundConversation } from './found-conversation'
import { publishConversationUpdated } from './publish-conversation'

export const updateConversationOperation = defineTenantOperation('conversations.update', async ({ ctx, input }) => {
  const { conversationId, status, assignedTo, tags, name } = input
  const changes = {
    ...(status !== undefined ? { status } : {}),
    ...(assignedTo !== undefined ? { assigned_to: assignedTo } : {}),
    // A set: each tag once, in the order first given.
    ...(tags !== undefined ? { tags: [...new Set(tags)] } : {}),
    ...(name !== undefined ? { name } : {}),
  }
  const view = toConversationView(foundConversation(conversationId, await updateConversationRow(ctx.tenant.db, conversationId, changes)))
  await publishConversationUpdated(ctx, view)
  return view
})
