import type { TemplateMapping } from '../../../platform/database/tenant-tables'
import { mappingSlot, slotKey } from './resolve-template'
import { type TemplateVariable, templateVariables } from './template-variables'
import type { WhatsappTemplateRow } from './whatsapp-templates.repository'

export type MappingStatus = 'mapped' | 'partial' | 'unmapped'

/** Each variable of the template with the mapping that fills it, or null. */
export function mappedVariables(row: Pick<WhatsappTemplateRow, 'components' | 'mappings'>): (TemplateVariable & { mapping: TemplateMapping | null })[] {
  const mappings = new Map(row.mappings.map((mapping) => [slotKey(mappingSlot(mapping)), mapping]))
  return templateVariables(row.components).map((variable) => ({ ...variable, mapping: mappings.get(slotKey(variable)) ?? null }))
}

/** `mapped` when every variable has a mapping (a template without variables needs none), `unmapped` when none has. */
export function mappingStatusOf(variables: { mapping: TemplateMapping | null }[]): MappingStatus {
  const mapped = variables.filter((variable) => variable.mapping !== null).length
  if (mapped === variables.length) return 'mapped'
  return mapped === 0 ? 'unmapped' : 'partial'
}

/** A template as the API shows it (spec component `WhatsappTemplate`). */
export function toTemplateView(row: WhatsappTemplateRow) {
  const variables = mappedVariables(row)
  return {
    name: row.name,
    language: row.language,
    channel: 'whatsapp' as const,
    status: row.status.toLowerCase(),
    category: row.category,
    components: row.components as Record<string, unknown>[],
    variables,
    mappings: row.mappings,
    mappingStatus: mappingStatusOf(variables),
    onEmptyVariable: row.on_empty_variable,
    defaultValue: row.default_value,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
