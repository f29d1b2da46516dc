import { readSecrets } from '../../clients'
import type { ActionArgs, ActionExecutor, ActionPreviewer } from './action-executor'
import { type ActionPlan, previewOf, ready, stop, stoppedOutcome } from './action-plan'
import { isSandboxToken, type GraphAccount, sendTemplateMessage, type TemplateSend } from './whatsapp-graph'
import { resolveTemplateParameters, type TemplateParameters } from './whatsapp-parameters'

const DEFAULT_LANGUAGE = 'en_US'

/** The Graph API addresses numbers as digits only, country code first (`919876543210`). */
const graphRecipient = (phone: string | null | undefined) => phone?.replace(/\D/g, '') || undefined

type WhatsappPlan = ActionPlan<TemplateSend & TemplateParameters & { simulated: boolean }, GraphAccount>

async function planWhatsapp({ ctx, action, lead, event }: ActionArgs<'send_whatsapp'>): Promise<WhatsappPlan> {
  const template = { templateName: action.config.templateName, language: action.config.language ?? DEFAULT_LANGUAGE }
  const { platform, tenant } = ctx
  const { whatsappToken: token, whatsappPhoneNumberId: phoneNumberId } = await readSecrets(platform, tenant.clientCode)
  if (!token || !phoneNumberId) return stop('failed', 'WhatsApp is not configured (whatsappToken, whatsappPhoneNumberId)', template)
  const to = graphRecipient(lead?.phone) ?? graphRecipient(event.phone)
  if (!to) return stop('skipped', 'No phone number: neither the lead nor the event has one', template)
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
