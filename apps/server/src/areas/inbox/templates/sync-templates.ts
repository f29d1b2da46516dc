import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { readSecrets } from '../../clients'
import { isSandboxToken } from '../graph/graph-client'
import { listGraphTemplates } from './graph-template-listing'
import { SANDBOX_TEMPLATES } from './sandbox-template-catalog'
import { applyTemplateListing, templatesChanged } from './whatsapp-templates.repository'

/**
 * `POST /api/saas/chat/templates/sync`: every page is read from Graph before one transaction
 * applies the listing, so a Graph failure on any page writes nothing.
 */
export const syncTemplatesOperation = defineTenantOperation('templates.sync', async ({ ctx }) => {
  const { platform, tenant } = ctx
  const { whatsappToken: token, whatsappBusinessId: businessId } = await readSecrets(platform, tenant.clientCode)
  if (!token) throw new AppError('WHATSAPP_NOT_CONFIGURED', 'WhatsApp is not configured for this client: set the whatsappToken secret')
  let listed = SANDBOX_TEMPLATES
  if (!isSandboxToken(token)) {
    if (!businessId) throw new AppError('WHATSAPP_NOT_CONFIGURED', 'Template sync needs the whatsappBusinessId secret (the WhatsApp Business Account id)')
    listed = await listGraphTemplates(platform.fetch, { graphUrl: platform.config.whatsappGraphUrl, businessId, token })
  }
  const counts = await tenant.db.transaction().execute((trx) => applyTemplateListing(trx, listed))
  await templatesChanged(ctx)
  return { ...counts, total: listed.length }
})
