import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { whatsappTemplateFor } from './whatsapp-templates.repository'

/** The synced template, or 404 TEMPLATE_NOT_FOUND; 422 TEMPLATE_NOT_APPROVED unless Meta approved it (only those can be sent). */
export async function requireApprovedTemplate(ctx: TenantContext, name: string, language: string) {
  const template = await whatsappTemplateFor(ctx, name, language)
  if (!template) throw new AppError('TEMPLATE_NOT_FOUND', `No template ${name} (${language}) is synced for this client`)
  if (template.status.toUpperCase() !== 'APPROVED') {
    throw new AppError('TEMPLATE_NOT_APPROVED', `Template ${name} (${language}) is ${template.status}: only an approved template can be sent`)
  }
  return template
}
