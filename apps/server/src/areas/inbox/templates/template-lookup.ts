import { AppError } from '../../../platform/http/errors'
import type { TenantContext } from '../../../platform/platform'
import { listTemplateLanguages, type WhatsappTemplateRow } from './whatsapp-templates.repository'

const notFound = (name: string, language?: string) =>
  new AppError('TEMPLATE_NOT_FOUND', `No template ${name}${language ? ` (${language})` : ''} is synced for this client`)

/** Every language of the template, or 404 TEMPLATE_NOT_FOUND. */
export async function requireTemplateLanguages(ctx: TenantContext, name: string): Promise<WhatsappTemplateRow[]> {
  const rows = await listTemplateLanguages(ctx.tenant.db, name)
  if (rows.length === 0) throw notFound(name)
  return rows
}

/**
 * The template in `language`, or in its only language when none is named (400 naming `path` when
 * it has several); 404 TEMPLATE_NOT_FOUND when there is no such template or language.
 */
export async function requireTemplateLanguage(ctx: TenantContext, name: string, language: string | undefined, path: string): Promise<WhatsappTemplateRow> {
  const rows = await requireTemplateLanguages(ctx, name)
  if (language === undefined) {
    if (rows.length === 1) return rows[0]!
    const message = `template ${name} has several languages (${rows.map((row) => row.language).join(', ')}): name one`
    throw new AppError('VALIDATION_ERROR', `Invalid request: ${message}`, [{ path, message }])
  }
  const row = rows.find((candidate) => candidate.language === language)
  if (!row) throw notFound(name, language)
  return row
}
