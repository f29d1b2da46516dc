import { defineTenantOperation } from '../../../platform/http/operations'
import { autoReplyFor } from './auto-replies-for'

/** `POST /api/saas/chat/auto-replies/test`: what would answer the text; nothing is sent or written. */
export const testAutoRepliesOperation = defineTenantOperation('inbox.testAutoReplies', ({ ctx, input }) => autoReplyFor(ctx, input.text))
