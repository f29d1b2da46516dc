import { defineTenantOperation } from '../../../platform/http/operations'
import { requireTemplateLanguages } from './template-lookup'
import { toTemplateView } from './template-view'

export const getTemplateOperation = defineTenantOperation('templates.get', async ({ ctx, input }) => ({
  name: input.templateName,
  languages: (await requireTemplateLanguages(ctx, input.templateName)).map(toTemplateView),
}))
