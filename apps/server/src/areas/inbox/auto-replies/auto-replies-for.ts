import { tenantScope } from '../../../platform/cache/node-cache'
import type { TenantContext } from '../../../platform/platform'
import { type AutoReplyMessage, readAutoReplySettings } from './auto-replies.repository'
import { compileFlows, type FlowMatcher } from './flow-matchers'
import { inboundText } from './inbound-text'

interface CompiledAutoReplies {
  matchers: FlowMatcher[]
  fallback: AutoReplyMessage | null
}

export interface AutoReplyAnswer {
  answeredBy: 'flow' | 'fallback' | 'none'
  flowId: string | null
  reply: AutoReplyMessage | null
  normalizedText: string
}

/** The tenant's flows compiled, kept on this node until they are saved again (ADR 0010): no query or compile per message. */
const compiledAutoReplies = (ctx: TenantContext): Promise<CompiledAutoReplies> =>
  ctx.platform.cache.read(tenantScope(ctx.tenant.clientCode), 'auto-replies', async () => {
    const { flows, fallback } = await readAutoReplySettings(ctx.tenant.db)
    return { matchers: compileFlows(flows), fallback }
  })

/** After a committed save: every node compiles the flows again. */
export const autoRepliesChanged = (ctx: TenantContext) => ctx.platform.cache.invalidate(ctx.platform.db, [tenantScope(ctx.tenant.clientCode)])

/** What answers the text: the first flow that matches, else the fallback, else nothing. */
export async function autoReplyFor(ctx: TenantContext, raw: string): Promise<AutoReplyAnswer> {
  const { matchers, fallback } = await compiledAutoReplies(ctx)
  const text = inboundText(raw)
  const matched = matchers.find((matcher) => matcher.matches(text))
  if (matched) return { answeredBy: 'flow', flowId: matched.flow.id, reply: matched.flow.reply, normalizedText: text.normalized }
  return { answeredBy: fallback ? 'fallback' : 'none', flowId: null, reply: fallback, normalizedText: text.normalized }
}
