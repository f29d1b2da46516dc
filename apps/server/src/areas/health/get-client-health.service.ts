import type { TenantContext } from '../../platform/platform'
import { readSecrets } from '../clients/secrets'
import { countActiveAutomations } from './health.repository'
import { emailStatus, whatsappStatus } from './integration-checks'

/** The tenant's integrations (checked live), enabled automations and pending jobs. */
export async function getClientHealth({ ctx }: { ctx: TenantContext; input?: undefined }) {
  const { platform, tenant } = ctx
  const secrets = await readSecrets(platform.db, platform.secretBox, tenant.clientCode)
  const [whatsapp, email, activeAutomations, queueDepth] = await Promise.all([
    whatsappStatus(secrets, platform.config.whatsappGraphUrl, platform.fetch),
    emailStatus(secrets),
    countActiveAutomations(tenant.db),
    platform.jobs.queueDepth(tenant.clientCode),
  ])
  return {
    clientCode: tenant.clientCode,
    // Google Meet is connected through the OAuth flow, which stores no secret an admin can set here.
    services: { whatsapp, email, googleMeet: 'not_configured' as const },
    activeAutomations,
    queueDepth,
  }
}
