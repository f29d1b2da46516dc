import { defineTenantOperation } from '../../../platform/http/operations'
import { publishRealtime } from '../../../platform/realtime/publish'
import { deleteConversation } from './conversations.repository'
import { foundConversation } from './found-conversation'

/** The conversation and its messages; the lead it was linked to stays. */
export const deleteConversationOperation = defineTenantOperation('conversations.delete', async ({ ctx, input }) => {
  const { id } = foundConversation(input.conversationId, await deleteConversation(ctx.tenant.db, input.conversationId))
  await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'conversation:deleted', data: { id } })
  return { id, deleted: true as const }
})
