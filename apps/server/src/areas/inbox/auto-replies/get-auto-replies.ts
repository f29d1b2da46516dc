import { defineTenantOperation } from '../../../platform/http/operations'
import { toAutoRepliesView } from './auto-replies-view'
import { readAutoReplySettings } from './auto-replies.repository'

export const getAutoRepliesOperation = defineTenantOperation('inbox.getAutoReplies', async ({ ctx }) => toAutoRepliesView(await readAutoReplySettings(ctx.tenant.db)))
