import nodemailer from 'nodemailer'

/** A tenant's SMTP secrets, as stored (every value a string). */
export interface SmtpSecrets {
  smtpHost?: string | undefined
  smtpPort?: string | undefined
  smtpUser?: string | undefined
  smtpPass?: string | undefined
  smtpFrom?: string | undefined
}

export interface SmtpSettings {
  host: string
  port: number
  from: string
  auth: { user: string; pass: string } | undefined
}

/** The names a tenant must set before email can be sent. */
export const REQUIRED_SMTP_SECRETS = ['smtpHost', 'smtpPort', 'smtpFrom'] as const

/** The tenant's SMTP server, or undefined while host, port or sender is missing. Login is optional. */
export function smtpSettings(secrets: SmtpSecrets): SmtpSettings | undefined {
  const { smtpHost: host, smtpPort: port, smtpFrom: from, smtpUser: user, smtpPass: pass } = secrets
  if (!host || !port || !from) return undefined
  return { host, port: Number(port), from, auth: user && pass ? { user, pass } : undefined }
}

/** A one-off transport to the tenant's server (implicit TLS on 465, STARTTLS when offered otherwise). */
export function createSmtpTransport(settings: SmtpSettings, timeoutMs: number) {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.port === 465,
    ...(settings.auth ? { auth: settings.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  })
}
