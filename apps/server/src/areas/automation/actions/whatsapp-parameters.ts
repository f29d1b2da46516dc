import type { TemplateMapping } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import type { LeadRow } from '../../crm'
import { whatsappTemplateFor } from '../../inbox'
import type { ActionEvent } from './action-executor'
import { type ActionPlan, ready, stop } from './action-plan'
import { asText, eventValue, leadValue, metadataValue } from './template-values'

/** What `on_empty_variable` holds by default: a template with an empty parameter is not sent. */
const SKIP = 'skip'

export interface TemplateParameters extends Record<string, unknown> {
  parameters: string[]
  /** `mapping`: the template's variable mapping; `variables`: the event's variables in order. */
  parameterSource: 'mapping' | 'variables'
}

interface Slot {
  label: string
  value: unknown
}

// The Graph API refuses body parameters with new lines, tabs or more than 4 consecutive spaces (132018).
const sendable = (text: string) => text.replace(/[\r\n\t]+/g, ' ').replace(/ {5,}/g, '    ')

function mappedValue(mapping: TemplateMapping, lead: LeadRow | null, event: ActionEvent): unknown {
  if (mapping.source === 'lead') return leadValue(lead, mapping.field)
  if (mapping.source === 'event') return eventValue(event, mapping.field)
  return metadataValue(lead, mapping.field)
}

/**
 * The body parameters of a template send: from the synced template's variable mapping when it has
 * one, else the event's `variables` values in order. A template known to be anything but APPROVED
 * fails; an empty parameter skips the send (`on_empty_variable: skip`) or takes that default text.
 */
export async function resolveTemplateParameters(
  ctx: TenantContext,
  template: { templateName: string; language: string },
  lead: LeadRow | null,
  event: ActionEvent,
): Promise<ActionPlan<TemplateParameters>> {
  const row = await whatsappTemplateFor(ctx, template.templateName, template.language)
  if (row && row.status.toUpperCase() !== 'APPROVED') {
    return stop('failed', `WhatsApp template ${row.name} (${row.language}) is not approved: status ${row.status}`, { ...template, templateStatus: row.status })
  }
  const mappings = [...(row?.mappings ?? [])].sort((a, b) => a.variableIndex - b.variableIndex)
  const parameterSource = mappings.length > 0 ? 'mapping' : 'variables'
  const slots: Slot[] =
    parameterSource === 'mapping'
      ? mappings.map((mapping) => ({ label: `{{${mapping.variableIndex}}} (${mapping.source}.${mapping.field})`, value: mappedValue(mapping, lead, event) }))
      : Object.entries(event.variables).map(([name, value]) => ({ label: `variable ${name}`, value }))
  const onEmpty = row?.on_empty_variable ?? SKIP
  const parameters: string[] = []
  for (const slot of slots) {
    const text = asText(slot.value)
    if (text === undefined && onEmpty === SKIP) {
      return stop('skipped', `WhatsApp template ${template.templateName}: ${slot.label} is empty`, { ...template, parameterSource })
    }
    parameters.push(sendable(text ?? onEmpty))
  }
  return ready({ parameters, parameterSource })
}
