import { defineTenantOperation } from '../../../platform/http/operations'
import { toConversationView } from './conversation-view'
import { findConversation } from './conversations.repository'
import { foundConversation } from './found-conversation'

export const getConversationOperation = defineTenantOperation('conversations.get', async ({ ctx, input }) =>
  toConversationView(foundConversation(input.conversationId, await findConversation(ctx.tenant.db, input.conversationId))),
)
