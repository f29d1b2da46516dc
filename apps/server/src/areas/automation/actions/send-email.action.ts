import { createSmtpTransport, REQUIRED_SMTP_SECRETS, type SmtpSettings, smtpSettings } from '../../../platform/email/smtp-transport'
import { readSecrets } from '../../clients'
import type { ActionArgs, ActionExecutor, ActionOutcome, ActionPreviewer } from './action-executor'
import { type ActionPlan, previewOf, ready, stop, stoppedOutcome } from './action-plan'
import { fillEmail } from './email-template'

const SMTP_TIMEOUT_MS = 15_000

interface EmailMessage extends Record<string, unknown> {
  from: string
  to: string
  subject: string
  htmlBody: string
  missingVariables: string[]
}

async function planEmail({ ctx, action, lead, event }: ActionArgs<'send_email'>): Promise<ActionPlan<EmailMessage, SmtpSettings>> {
  const { platform, tenant } = ctx
  const settings = smtpSettings(await readSecrets(platform, tenant.clientCode))
  if (!settings) return stop('failed', `Email is not configured (${REQUIRED_SMTP_SECRETS.join(', ')})`)
  const to = action.config.to ?? lead?.email ?? event.email
  if (!to) return stop('skipped', 'No email address: the action, the lead and the event have none')
  return ready({ from: settings.from, to, ...fillEmail(action.config, lead, event) }, settings)
}

/** nodemailer puts the SMTP server's reply (e.g. "535 5.7.8 Authentication failed") in `response`. */
function smtpFailure(error: unknown): ActionOutcome {
  const { response, message } = error as { response?: string; message?: string }
  return { status: 'failed', reason: `SMTP error: ${response ?? message ?? String(error)}` }
}

export const sendEmail: ActionExecutor<'send_email'> = async (args) => {
  const plan = await planEmail(args)
  if (!plan.ready) return stoppedOutcome(plan)
  const { from, to, subject, htmlBody, missingVariables } = plan.resolved
  const transport = createSmtpTransport(plan.credentials, SMTP_TIMEOUT_MS)
  try {
    const sent = await transport.sendMail({ from, to, subject, html: htmlBody })
    const accepted = sent.accepted.map((address) => (typeof address === 'string' ? address : address.address))
    return { status: 'ok', result: { messageId: sent.messageId, to, accepted, ...(missingVariables.length > 0 ? { missingVariables } : {}) } }
  } catch (error) {
    return smtpFailure(error)
  } finally {
    transport.close()
  }
}

export const previewSendEmail: ActionPreviewer<'send_email'> = async (args) => previewOf(await planEmail(args))
