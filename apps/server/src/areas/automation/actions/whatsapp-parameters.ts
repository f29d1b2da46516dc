import type { TenantContext } from '../../../platform/platform'
import type { LeadRow } from '../../crm'
import { resolveTemplateSend, type TemplateParameterValues } from '../../inbox'
import type { ActionEvent } from './action-executor'
import { type ActionPlan, ready, stop } from './action-plan'

export interface TemplateParameters extends TemplateParameterValues, Record<string, unknown> {
  /** `mapping`: the template's variable mapping; `variables`: the event's variables in order. */
  parameterSource: 'mapping' | 'variables'
}

/**
 * The parameters of the action's template send, resolved by the inbox as every template send is
 * (`resolveTemplateSend`); a template that is not approved, or an empty value its
 * `onEmptyVariable` does not replace, stops the action.
 */
export async function resolveTemplateParameters(
  ctx: TenantContext,
  template: { templateName: string; language: string },
  lead: LeadRow | null,
  event: ActionEvent,
  phone: string | null,
): Promise<ActionPlan<TemplateParameters>> {
  const resolution = await resolveTemplateSend(ctx, template, { lead, event, phone })
  const { outcome, reason, parameterSource, values, templateStatus } = resolution
  if (outcome !== 'ready') {
    const details = outcome === 'failed' && templateStatus?.toUpperCase() !== 'APPROVED' ? { templateStatus } : { parameterSource }
    return stop(outcome, reason ?? `WhatsApp template ${template.templateName} cannot be sent`, { ...template, ...details })
  }
  return ready({ ...values, parameterSource })
}
