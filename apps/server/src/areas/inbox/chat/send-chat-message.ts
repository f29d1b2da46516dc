import { AppError, type ErrorDetail } from '../../../platform/http/errors'
import { defineTenantOperation, type OperationInput } from '../../../platform/http/operations'
import type { TenantContext } from '../../../platform/platform'
import { normalizePhone } from '../../crm'
import type { OutboundContent } from '../sending/outbound-message'
import { queueMessage } from '../sending/queue-message'
import { requireSendingNumber } from '../sending/sending-number'
import { chatTemplateContent } from '../templates/chat-template-content'

type SendInput = OperationInput<'chat.send'>

const DEFAULT_LANGUAGE = 'en_US'

/** The request's fields of each kind of content. */
const KINDS = {
  text: ['text'],
  template: ['templateName', 'templateLanguage', 'variables'],
  media: ['mediaUrl', 'mediaType', 'caption'],
} as const satisfies Record<string, (keyof SendInput)[]>

const refuse = (message: string, fields: string[]) =>
  new AppError('VALIDATION_ERROR', `Invalid request: ${message}`, fields.map((field): ErrorDetail => ({ path: `body.${field}`, message })))

/** The one kind of content the request gives, or 400 naming the fields. */
function contentKind(input: SendInput): keyof typeof KINDS {
  const given = Object.entries(KINDS).flatMap(([kind, fields]) => {
    const present = fields.filter((field) => input[field] !== undefined)
    return present.length > 0 ? [{ kind: kind as keyof typeof KINDS, present }] : []
  })
  if (given.length === 0) throw refuse('give one of text, templateName or mediaUrl', ['text', 'templateName', 'mediaUrl'])
  if (given.length > 1) throw refuse('give one kind of content: text, a template or media, not several', given.flatMap((kind) => kind.present))
  return given[0]!.kind
}

function mediaContent(input: SendInput): OutboundContent {
  const { mediaUrl, mediaType, caption } = input
  if (!mediaUrl || !mediaType) throw refuse('media needs both mediaUrl and mediaType', [mediaUrl ? 'mediaType' : 'mediaUrl'])
  // Meta fetches the link itself: it must be a web address.
  if (!/^https?:$/.test(new URL(mediaUrl).protocol)) throw refuse('mediaUrl: an http(s) link Meta can fetch', ['mediaUrl'])
  if (caption !== undefined && mediaType === 'audio') throw refuse('caption: Meta shows no caption on audio', ['caption'])
  return { type: mediaType, link: mediaUrl, caption }
}

async function contentOf(ctx: TenantContext, input: SendInput, to: string): Promise<OutboundContent> {
  const kind = contentKind(input)
  if (kind === 'text') return { type: 'text', text: input.text! }
  if (kind === 'media') return mediaContent(input)
  if (!input.templateName) throw refuse('a template needs its templateName', ['templateName'])
  const language = input.templateLanguage ?? DEFAULT_LANGUAGE
  return { type: 'template', ...(await chatTemplateContent(ctx, { templateName: input.templateName, language, variables: input.variables, to })) }
}

/** `POST /api/saas/chat/send`: the message queued for the tenant's number (201, status `queued`). */
export const sendChatMessageOperation = defineTenantOperation('chat.send', async ({ ctx, input }) => {
  const to = normalizePhone(input.to, ctx.tenant.defaultCountry, 'body.to')
  await requireSendingNumber(ctx)
  const content = await contentOf(ctx, input, to)
  return queueMessage({ ctx, input: { to, content, replyToId: input.replyTo } })
})
