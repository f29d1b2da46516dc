import { defineTenantOperation } from '../../platform/http/operations'
import { countActiveRules } from '../automation'
import { readSecrets } from '../clients'
import { emailStatus, googleMeetStatus, whatsappStatus } from './integration-checks'

/** The tenant's integrations (checked live), enabled automations and pending jobs. */
export const getClientHealthOperation = defineTenantOperation('health.client', async ({ ctx }) => {
  const { platform, tenant } = ctx
  const secrets = await readSecrets(platform, tenant.clientCode)
  const [whatsapp, email, googleMeet, activeAutomations, queueDepth] = await Promise.all([
    whatsappStatus(secrets, platform.config.whatsappGraphUrl, platform.fetch),
    emailStatus(secrets),
    googleMeetStatus(secrets, platform.config, platform.fetch),
    countActiveRules(ctx),
    platform.jobs.queueDepth(tenant.clientCode),
  ])
  return {
    clientCode: tenant.clientCode,
    services: { whatsapp, email, googleMeet },
    activeAutomations,
    queueDepth,
  }
})
