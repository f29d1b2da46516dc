import { defineTenantOperation, Page } from '../../../platform/http/operations'
import { toTemplateView } from './template-view'
import { listTemplates } from './whatsapp-templates.repository'

/**
 * `GET /api/saas/chat/templates`. A mapping status is the template's variables against its
 * mapping, read from its components, so that filter and the page are applied here: a WhatsApp
 * Business Account holds at most a few thousand templates.
 */
export const listTemplatesOperation = defineTenantOperation('templates.list', async ({ ctx, input }) => {
  const { page, limit, status, mappingStatus } = input
  const rows = await listTemplates(ctx.tenant.db, { status: status?.toUpperCase() })
  const views = rows.map(toTemplateView).filter((view) => mappingStatus === undefined || view.mappingStatus === mappingStatus)
  return new Page(views.slice((page - 1) * limit, page * limit), { total: views.length, page, limit })
})
