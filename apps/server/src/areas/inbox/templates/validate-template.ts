import { defineTenantOperation } from '../../../platform/http/operations'
import { fieldExists } from '../collections/template-collections'
import { requireTemplateLanguage } from './template-lookup'
import { mappedVariables, mappingStatusOf } from './template-view'

/** `GET /api/saas/chat/templates/{templateName}/validate`. */
export const validateTemplateOperation = defineTenantOperation('templates.validate', async ({ ctx, input }) => {
  const row = await requireTemplateLanguage(ctx, input.templateName, input.language, 'query.language')
  const variables = mappedVariables(row)
  const checked = await Promise.all(
    variables.map(async ({ component, index, buttonIndex, mapping }) => ({
      component,
      index,
      ...(buttonIndex === undefined ? {} : { buttonIndex }),
      mapped: mapping !== null,
      fieldExists: mapping !== null && (await fieldExists(ctx, mapping.source, mapping.field)),
      mapping,
    })),
  )
  return {
    name: row.name,
    language: row.language,
    valid: checked.every((variable) => variable.fieldExists),
    mappingStatus: mappingStatusOf(variables),
    variables: checked,
  }
})
