import type { TemplateMapping, TenantTables } from '../../../platform/database/tenant-tables'
import { ownValue } from '../../../platform/data/own-path'
import { asText } from '../../../platform/text/as-text'
import type { Selectable } from 'kysely'
import { mappedValue, type TemplateContext } from './template-context'
import type { TemplateParameterValues } from './template-parameters'
import { type TemplateVariableComponent, templateVariables } from './template-variables'

export type ResolvableTemplate = Pick<
  Selectable<TenantTables['whatsapp_templates']>,
  'name' | 'language' | 'status' | 'components' | 'mappings' | 'on_empty_variable' | 'default_value'
>

/** Where one parameter goes: a placeholder of a component. */
export interface VariableSlot {
  component: TemplateVariableComponent
  index: number
  buttonIndex?: number | undefined
}

export interface FilledSlot extends VariableSlot {
  /** The text sent for it; null when it was empty and nothing took its place. */
  text: string | null
}

export interface TemplateResolution {
  /** `ready`: send it; `skipped` / `failed`: an empty variable (`onEmptyVariable`) or the template's status stops it. */
  outcome: 'ready' | 'skipped' | 'failed'
  reason?: string
  /** `mapping`: the template's variable mapping; `variables`: the event's variables, in order, fill the body. */
  parameterSource: 'mapping' | 'variables'
  values: TemplateParameterValues
  filled: FilledSlot[]
  emptyVariables: (VariableSlot & { action: ResolvableTemplate['on_empty_variable'] })[]
}

const COMPONENT_ORDER: Record<TemplateVariableComponent, number> = { header: 0, body: 1, button: 2 }

export const slotKey = (slot: VariableSlot) => `${slot.component}:${slot.buttonIndex ?? ''}:${slot.index}`

export const mappingSlot = (mapping: TemplateMapping): VariableSlot => ({
  component: mapping.component ?? 'body',
  index: mapping.variableIndex,
  buttonIndex: mapping.component === 'button' ? mapping.buttonIndex : undefined,
})

const bySendOrder = (a: VariableSlot, b: VariableSlot) =>
  COMPONENT_ORDER[a.component] - COMPONENT_ORDER[b.component] || (a.buttonIndex ?? 0) - (b.buttonIndex ?? 0) || a.index - b.index

// The Graph API refuses body parameters with new lines, tabs or more than 4 consecutive spaces (132018).
const sendable = (text: string) => text.replace(/[\r\n\t]+/g, ' ').replace(/ {5,}/g, '    ')

interface Slot extends VariableSlot {
  label: string
  value: unknown
}

/** Every placeholder of the template and every mapped one (a mapping may name a variable of components not synced). */
function mappedSlots(template: ResolvableTemplate, context: TemplateContext): Slot[] {
  const mappings = new Map(template.mappings.map((mapping) => [slotKey(mappingSlot(mapping)), mapping]))
  const slots = new Map<string, VariableSlot>()
  for (const slot of [...templateVariables(template.components), ...template.mappings.map(mappingSlot)]) {
    const { component, index, buttonIndex } = slot
    slots.set(slotKey(slot), { component, index, buttonIndex })
  }
  return [...slots.values()].sort(bySendOrder).map((slot) => {
    const mapping = mappings.get(slotKey(slot))
    const where = slot.component === 'body' ? '' : slot.component === 'header' ? 'header ' : `button ${slot.buttonIndex} `
    const label = `${where}{{${slot.index}}}${mapping ? ` (${mapping.source}.${mapping.field})` : ' (not mapped)'}`
    return { ...slot, label, value: mapping ? mappedValue(context, mapping) : undefined }
  })
}

/** Without a mapping, the event's variables fill the body in the order they were given. */
function variableSlots(context: TemplateContext): Slot[] {
  const variables = ownValue(context.event, 'variables')
  const entries = variables && typeof variables === 'object' ? Object.entries(variables) : []
  return entries.map(([name, value], position) => ({ component: 'body', index: position + 1, label: `variable ${name}`, value }))
}

function notApproved(template: ResolvableTemplate | null) {
  if (!template || template.status.toUpperCase() === 'APPROVED') return undefined
  return `WhatsApp template ${template.name} (${template.language}) is not approved: status ${template.status}`
}

/**
 * The parameters of a template send, from the synced template's variable mapping when it has
 * one, else the event's `variables` in order (a template not synced is sent that way too). A
 * template known to be anything but APPROVED fails; an empty value skips the send
 * (`on_empty_variable: skip`), fails it (`fail`), or takes `default_value` (`default`). The one
 * resolution the send route, automations' `send_whatsapp`, previews and broadcasts share.
 */
export function resolveTemplate(name: string, template: ResolvableTemplate | null, context: TemplateContext): TemplateResolution {
  const parameterSource = template && template.mappings.length > 0 ? 'mapping' : 'variables'
  const slots = template && parameterSource === 'mapping' ? mappedSlots(template, context) : variableSlots(context)
  const onEmpty = template?.on_empty_variable ?? 'skip'
  const resolution: TemplateResolution = { outcome: 'ready', parameterSource, values: { parameters: [] }, filled: [], emptyVariables: [] }
  const refusal = notApproved(template)
  if (refusal) Object.assign(resolution, { outcome: 'failed', reason: refusal })
  const header: string[] = []
  const buttons = new Map<number, string[]>()
  for (const slot of slots) {
    const { component, index, buttonIndex } = slot
    let text = asText(slot.value)
    if (text === undefined) {
      resolution.emptyVariables.push({ component, index, ...(buttonIndex === undefined ? {} : { buttonIndex }), action: onEmpty })
      if (onEmpty === 'default') text = template?.default_value ?? undefined
      else if (resolution.outcome === 'ready') {
        Object.assign(resolution, { outcome: onEmpty === 'skip' ? 'skipped' : 'failed', reason: `WhatsApp template ${name}: ${slot.label} is empty` })
      }
    }
    resolution.filled.push({ component, index, ...(buttonIndex === undefined ? {} : { buttonIndex }), text: text === undefined ? null : sendable(text) })
    const value = sendable(text ?? '')
    if (component === 'header') header.push(value)
    else if (component === 'body') resolution.values.parameters.push(value)
    else buttons.set(buttonIndex ?? 0, [...(buttons.get(buttonIndex ?? 0) ?? []), value])
  }
  if (header.length > 0) resolution.values.headerParameters = header
  if (buttons.size > 0) resolution.values.buttonParameters = [...buttons].map(([index, parameters]) => ({ index, parameters }))
  return resolution
}
