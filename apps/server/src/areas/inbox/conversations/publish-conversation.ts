import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import type { ConversationView } from './conversation-view'

/** Tells the tenant's sockets the conversation changed; call after the change's commit. */
export const publishConversationUpdated = (ctx: TenantContext, conversation: ConversationView) =>
  publishRealtime(ctx.platform, ctx.tenant.clientCode, { type: 'conversation:updated', data: conversation })
