import { invalidField } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import type { OutboundContent } from '../sending/outbound-message'
import { requireApprovedTemplate } from '../templates/approved-template'
import { templateVariables } from '../templates/template-variables'
import type { AutoReplyMessage } from './auto-replies.repository'

/**
 * What a reply queues. A template must be synced and approved, and have no `{{n}}`: an auto-reply
 * knows no values to fill them with (400 naming `path`). Checked when the flows are saved, and again
 * when a reply is sent, since a template can be rejected or disappear meanwhile.
 */
export async function replyContent(ctx: TenantContext, reply: AutoReplyMessage, path: string): Promise<OutboundContent> {
  if ('text' in reply) return { type: 'text', text: reply.text }
  const template = await requireApprovedTemplate(ctx, reply.templateName, reply.language)
  const variables = templateVariables(template.components).length
  if (variables > 0) {
    throw invalidField(path, `Template ${reply.templateName} (${reply.language}) has ${variables} variables: an auto-reply sends a template without any`)
  }
  return { type: 'template', templateName: reply.templateName, language: reply.language, parameters: [] }
}
