import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { findOpenLeadByPhone } from '../../crm'
import { requireApprovedTemplate } from './approved-template'
import { resolveTemplateSend } from './resolve-template-send'
import type { TemplateParameterValues } from './template-parameters'

/**
 * What the chat route sends of a template (404 unknown, 422 not approved): the `variables` given
 * fill the body in order; without them a mapped template is resolved as an automation's send is,
 * from the open CRM lead with that phone and its conversation, and a value left empty (its
 * `onEmptyVariable` not `default`) is 422 TEMPLATE_VARIABLE_EMPTY.
 */
export async function chatTemplateContent(
  ctx: TenantContext,
  input: { templateName: string; language: string; variables: string[] | undefined; to: string },
): Promise<{ templateName: string; language: string } & TemplateParameterValues> {
  const { templateName, language, variables, to } = input
  const template = await requireApprovedTemplate(ctx, templateName, language)
  if (variables !== undefined || template.mappings.length === 0) return { templateName, language, parameters: variables ?? [] }
  const lead = (await findOpenLeadByPhone(ctx.tenant.db, to)) ?? null
  const resolution = await resolveTemplateSend(ctx, { templateName, language }, { lead, event: { variables: {}, data: {} }, phone: to })
  if (resolution.outcome !== 'ready') throw new AppError('TEMPLATE_VARIABLE_EMPTY', resolution.reason ?? `Template ${templateName} has an empty variable`)
  return { templateName, language, ...resolution.values }
}
