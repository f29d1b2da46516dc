import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation, type OperationInput } from '../../../platform/http/operations'
import type { TenantContext } from '../../../platform/platform'
import { findLead } from '../../crm'
import { filledComponents } from './filled-components'
import { resolveTemplate } from './resolve-template'
import { templateCollections } from '../collections/template-collections'
import { type TemplateContext, templateContextOf } from './template-context'
import { requireTemplateLanguage } from './template-lookup'
import { graphTemplateComponents } from './template-parameters'

type PreviewInput = OperationInput<'templates.preview'>

const ALL_SOURCES = new Set(templateCollections.map((collection) => collection.name))

/** The context to fill the template from: the one given, or a real lead's (404 LEAD_NOT_FOUND) with the given variables. */
async function previewContext(ctx: TenantContext, input: PreviewInput): Promise<TemplateContext> {
  const { context, leadId, variables } = input
  if (context !== undefined && (leadId !== undefined || variables !== undefined)) {
    const message = 'give a context, or a leadId with variables, not both'
    throw new AppError('VALIDATION_ERROR', `Invalid request: ${message}`, ['context', leadId === undefined ? 'variables' : 'leadId'].map((field) => ({ path: `body.${field}`, message })))
  }
  if (leadId === undefined) return context ?? { event: { variables: variables ?? {} } }
  const lead = await findLead(ctx.tenant.db, leadId)
  if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead ${leadId}`)
  return templateContextOf(ctx, { lead, event: { variables: variables ?? {}, data: {} }, phone: lead.phone }, ALL_SOURCES)
}

/** `POST /api/saas/chat/templates/{templateName}/preview`: the send's own resolution, nothing sent or written. */
export const previewTemplateOperation = defineTenantOperation('templates.preview', async ({ ctx, input }) => {
  const row = await requireTemplateLanguage(ctx, input.templateName, input.language, 'body.language')
  const resolution = resolveTemplate(row.name, row, await previewContext(ctx, input))
  return {
    name: row.name,
    language: row.language,
    outcome: resolution.outcome,
    ...(resolution.reason === undefined ? {} : { reason: resolution.reason }),
    parameterSource: resolution.parameterSource,
    components: filledComponents(row.components, resolution.filled),
    parameters: graphTemplateComponents(resolution.values),
    emptyVariables: resolution.emptyVariables,
  }
})
