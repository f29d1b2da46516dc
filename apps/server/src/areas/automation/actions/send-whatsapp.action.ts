import type { CountryCode } from 'libphonenumber-js/min'
import { readSecrets } from '../../clients'
import { toE164 } from '../../crm'
import { isSandboxToken, queueMessage } from '../../inbox'
import type { ActionArgs, ActionExecutor, ActionPreviewer } from './action-executor'
import { type ActionPlan, failedOnAppError, previewOf, ready, stop, stoppedOutcome } from './action-plan'
import { resolveTemplateParameters, type TemplateParameters } from './whatsapp-parameters'

const DEFAULT_LANGUAGE = 'en_US'

/** The Graph API addresses numbers as E.164 digits, country code first (`919876543210`). */
const graphRecipient = (phone: string | null | undefined, country: CountryCode) => (phone ? toE164(phone, country)?.slice(1) : undefined)

type WhatsappPlan = ActionPlan<{ to: string; templateName: string; language: string } & TemplateParameters & { simulated: boolean }>

async function planWhatsapp({ ctx, action, lead, event }: ActionArgs<'send_whatsapp'>): Promise<WhatsappPlan> {
  const template = { templateName: action.config.templateName, language: action.config.language ?? DEFAULT_LANGUAGE }
  const { platform, tenant } = ctx
  const { whatsappToken: token, whatsappPhoneNumberId: phoneNumberId } = await readSecrets(platform, tenant.clientCode)
  if (!token || !phoneNumberId) return stop('failed', 'WhatsApp is not configured (whatsappToken, whatsappPhoneNumberId)', template)
  const to = graphRecipient(lead?.phone, tenant.defaultCountry) ?? graphRecipient(event.phone, tenant.defaultCountry)
  if (!to) return stop('skipped', 'No phone number: neither the lead nor the event has one that reads as a number', template)
  const parameters = await resolveTemplateParameters(ctx, template, lead, event, `+${to}`)
  if (!parameters.ready) return { ...parameters, resolved: { to, ...parameters.resolved } }
  return ready({ to, ...template, ...parameters.resolved, simulated: isSandboxToken(token) })
}

/**
 * Queues the template in the inbox's outbound queue, as the inbox's own sends are: the message
 * appears in the phone's conversation, carries the event's id, and is sent at the number's pace.
 * Meta's verdict arrives on the message (`sent`, `failed` with its code), not in this outcome.
 */
export const sendWhatsapp: ActionExecutor<'send_whatsapp'> = async (args) => {
  const plan = await planWhatsapp(args)
  if (!plan.ready) return stoppedOutcome(plan)
  const { to, templateName, language, parameters, headerParameters, buttonParameters, simulated } = plan.resolved
  return failedOnAppError(async () => {
    const content = { type: 'template' as const, templateName, language, parameters, headerParameters, buttonParameters }
    const message = await queueMessage({ ctx: args.ctx, input: { to: `+${to}`, content, eventLogId: args.event.eventLogId, leadId: args.lead?.id } })
    const result = { messageId: message.id, conversationId: message.conversationId, to, status: message.status }
    return { status: 'ok', result: simulated ? { ...result, simulated } : result }
  })
}

export const previewSendWhatsapp: ActionPreviewer<'send_whatsapp'> = async (args) => previewOf(await planWhatsapp(args))
