import nodemailer from 'nodemailer'
import type { SecretName } from '../clients/secrets'

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
  const { smtpHost: host, smtpPort: port, smtpFrom: from, smtpUser: user, smtpPass: pass } = secrets
  if (!host || !port || !from) return 'not_configured'
  const transport = nodemailer.createTransport({
    host,
    port: Number(port),
    secure: Number(port) === 465,
    ...(user && pass ? { auth: { user, pass } } : {}),
    connectionTimeout: CHECK_TIMEOUT_MS,
    greetingTimeout: CHECK_TIMEOUT_MS,
    socketTimeout: CHECK_TIMEOUT_MS,
  })
  try {
    await transport.verify()
    return 'connected'
  } catch {
    return 'configured'
  } finally {
    transport.close()
  }
}
