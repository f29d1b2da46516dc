import { defineTenantOperation } from '../../../platform/http/operations'
import { autoRepliesChanged } from './auto-replies-for'
import { toAutoRepliesView } from './auto-replies-view'
import { writeAutoReplySettings } from './auto-replies.repository'
import { compileFlows } from './flow-matchers'
import { replyContent } from './reply-content'

/** `PUT /api/saas/chat/auto-replies`: the flows and fallback replaced whole, once every flow and reply is valid. */
export const saveAutoRepliesOperation = defineTenantOperation('inbox.saveAutoReplies', async ({ ctx, input }) => {
  const { flows } = input
  const fallback = input.fallback ?? null
  compileFlows(flows)
  for (const [index, flow] of flows.entries()) await replyContent(ctx, flow.reply, `body.flows.${index}.reply`)
  if (fallback) await replyContent(ctx, fallback, 'body.fallback')
  const saved = await writeAutoReplySettings(ctx.tenant.db, { flows, fallback })
  await autoRepliesChanged(ctx)
  return toAutoRepliesView(saved)
})
