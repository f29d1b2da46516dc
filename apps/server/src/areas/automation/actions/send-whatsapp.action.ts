import type { CountryCode } from 'libphonenumber-js/min'
import { readSecrets } from '../../clients'
import { toE164 } from '../../crm'
import type { ActionArgs, ActionExecutor, ActionPreviewer } from './action-executor'
import { type ActionPlan, previewOf, ready, stop, stoppedOutcome } from './action-plan'
import { isSandboxToken, type GraphAccount, sendTemplateMessage, type TemplateSend } from './whatsapp-graph'
import { resolveTemplateParameters, type TemplateParameters } from './whatsapp-parameters'

const DEFAULT_LANGUAGE = 'en_US'

/** The Graph API addresses numbers as E.164 digits, country code first (`919876543210`). */
const graphRecipient = (phone: string | null | undefined, country: CountryCode) => (phone ? toE164(phone, country)?.slice(1) : undefined)

type WhatsappPlan = ActionPlan<TemplateSend & TemplateParameters & { simulated: boolean }, GraphAccount>

async function planWhatsapp({ ctx, action, lead, event }: ActionArgs<'send_whatsapp'>): Promise<WhatsappPlan> {
  const template = { templateName: action.config.templateName, language: action.config.language ?? DEFAULT_LANGUAGE }
  const { platform, tenant } = ctx
  const { whatsappToken: token, whatsappPhoneNumberId: phoneNumberId } = await readSecrets(platform, tenant.clientCode)
  if (!token || !phoneNumberId) return stop('failed', 'WhatsApp is not configured (whatsappToken, whatsappPhoneNumberId)', template)
  const to = graphRecipient(lead?.phone, tenant.defaultCountry) ?? graphRecipient(event.phone, tenant.defaultCountry)
  if (!to) return stop('skipped', 'No phone number: neither the lead nor the event has one that reads as a number', template)
  const parameters = await resolveTemplateParameters(ctx, template, lead, event)
  if (!parameters.ready) return { ...parameters, resolved: { to, ...parameters.resolved } }
  return ready(
    { to, ...template, ...parameters.resolved, simulated: isSandboxToken(token) },
    { graphUrl: platform.config.whatsappGraphUrl, phoneNumberId, token },
  )
}

export const sendWhatsapp: ActionExecutor<'send_whatsapp'> = async (args) => {
  const plan = await planWhatsapp(args)
  if (!plan.ready) return stoppedOutcome(plan)
  return sendTemplateMessage(args.ctx.platform.fetch, plan.credentials, plan.resolved)
}

export const previewSendWhatsapp: ActionPreviewer<'send_whatsapp'> = async (args) => previewOf(await planWhatsapp(args))
