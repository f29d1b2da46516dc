import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { checkMapping } from './check-mapping'
import { requireTemplateLanguage, requireTemplateLanguages } from './template-lookup'
import { toTemplateView } from './template-view'
import { templatesChanged, updateTemplateMapping } from './whatsapp-templates.repository'

/** `PUT /api/saas/chat/templates/{templateName}/mapping`: checked against every language it applies to, then written in one statement. */
export const updateTemplateMappingOperation = defineTenantOperation('templates.updateMapping', async ({ ctx, input }) => {
  const { templateName, language, mappings, onEmptyVariable = 'skip', defaultValue } = input
  if ((onEmptyVariable === 'default') !== (defaultValue !== undefined)) {
    const message = 'defaultValue goes with onEmptyVariable "default", and only with it'
    throw new AppError('VALIDATION_ERROR', `Invalid request: ${message}`, [{ path: 'body.defaultValue', message }])
  }
  const rows = language === undefined ? await requireTemplateLanguages(ctx, templateName) : [await requireTemplateLanguage(ctx, templateName, language, 'body.language')]
  await checkMapping(ctx, mappings, rows)
  const stored = mappings.map(({ component = 'body', ...mapping }) => ({ ...mapping, component }))
  const updated = await updateTemplateMapping(ctx.tenant.db, templateName, language, { mappings: stored, onEmptyVariable, defaultValue: defaultValue ?? null })
  await templatesChanged(ctx)
  return { name: templateName, languages: updated.sort((a, b) => a.language.localeCompare(b.language)).map(toTemplateView) }
})
