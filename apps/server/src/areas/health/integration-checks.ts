import type { Config } from '../../config/config-schema'
import { createSmtpTransport, smtpSettings } from '../../platform/email/smtp-transport'
import type { SecretName } from '../clients'
import { googleOAuthClient } from '../google'

export type ServiceStatus = 'connected' | 'configured' | 'not_configured'
type Secrets = Partial<Record<SecretName, string>>

const CHECK_TIMEOUT_MS = 3_000

/**
 * WhatsApp is connected when the Graph API answers for the tenant's phone number with its token.
 * Tokens starting with `mock_` are the development sandbox and count as connected without a call.
 */
export async function whatsappStatus(secrets: Secrets, graphUrl: string, fetcher: typeof fetch): Promise<ServiceStatus> {
  const { whatsappToken: token, whatsappPhoneNumberId: phoneNumberId } = secrets
  if (!token || !phoneNumberId) return 'not_configured'
  if (token.startsWith('mock_')) return 'connected'
  try {
    const response = await fetcher(`${graphUrl}/${encodeURIComponent(phoneNumberId)}?fields=id,display_phone_number`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    })
    await response.arrayBuffer()
    return response.ok ? 'connected' : 'configured'
  } catch {
    return 'configured'
  }
}

/** Email is connected when the tenant's SMTP server accepts a connection (and login, if set). */
export async function emailStatus(secrets: Secrets): Promise<ServiceStatus> {
  const settings = smtpSettings(secrets)
  if (!settings) return 'not_configured'
  const transport = createSmtpTransport(settings, CHECK_TIMEOUT_MS)
  try {
    await transport.verify()
    return 'connected'
  } catch {
    return 'configured'
  } finally {
    transport.close()
  }
}

/**
 * Google Meet is connected when Google exchanges the stored refresh token for an access token
 * (a revoked grant shows as configured). Without the server's OAuth client nothing can be checked.
 */
export async function googleMeetStatus(secrets: Secrets, config: Config, fetcher: typeof fetch): Promise<ServiceStatus> {
  const { googleRefreshToken: refreshToken } = secrets
  if (!refreshToken) return 'not_configured'
  if (!config.google) return 'configured'
  try {
    const oauth = googleOAuthClient(config, fetcher, CHECK_TIMEOUT_MS)
    oauth.setCredentials({ refresh_token: refreshToken })
    await oauth.getAccessToken()
    return 'connected'
  } catch {
    return 'configured'
  }
}
