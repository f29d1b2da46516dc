import { defineTenantOperation } from '../../../platform/http/operations'
import { publishRealtime } from '../../../platform/realtime/publish'
import { foundMessage } from './found-message'
import { toMessageView } from './message-view'
import { toggleMessageStar } from './messages.repository'

export const starMessageOperation = defineTenantOperation('messages.star', async ({ ctx, input }) => {
  const message = toMessageView(foundMessage(input.messageId, await toggleMessageStar(ctx.tenant.db, input.messageId)))
  await publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'message:status', data: message })
  return message
})
