import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../../platform/database/tenant-tables'
import { invalidField } from '../../../../platform/http/errors'
import { CursorPage, defineTenantOperation } from '../../../../platform/http/operations'
import { toMessageView } from '../../messages/message-view'
import { isConversationMessage, listMessagesPage } from '../../messages/messages.repository'
import { findConversation } from '../conversations.repository'
import { foundConversation } from '../found-conversation'

async function requireCursor(db: Kysely<TenantTables>, conversationId: string, field: 'before' | 'after', id: string | undefined) {
  if (id === undefined || (await isConversationMessage(db, conversationId, id))) return
  throw invalidField(`query.${field}`, 'names no message of this conversation')
}

export const listMessagesOperation = defineTenantOperation('messages.list', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const { conversationId, before, after, direction, status, limit } = input
  foundConversation(conversationId, await findConversation(db, conversationId))
  await requireCursor(db, conversationId, 'before', before)
  await requireCursor(db, conversationId, 'after', after)
  const { rows, hasMore } = await listMessagesPage(db, conversationId, { direction, status }, { before, after }, limit)
  return new CursorPage(rows.map(toMessageView), hasMore)
})
